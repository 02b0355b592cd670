using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/DotnetTelemetry.Benchmarks -- --filter '*'` runs everything;
// bench/run.sh runs them with the end-to-end harness and collects the results into bench/RESULTS.md.
if (args.Length > 0 && args[0] == "repro") return DotnetTelemetry.Benchmarks.Repro.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
