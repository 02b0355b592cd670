using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/DotnetTelemetry.Benchmarks -- --filter '*'` runs everything;
// bench/run.sh runs them with the end-to-end harness and collects the results into bench/RESULTS.md.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
