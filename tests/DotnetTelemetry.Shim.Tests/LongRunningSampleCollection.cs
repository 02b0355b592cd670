namespace DotnetTelemetry.Shim.Tests;

/// <summary>
/// Tests that start a LongRunningSample process run one at a time: `attach -n LongRunningSample` must find exactly
/// one process of that name, and would (rightly) refuse to choose between two started by parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LongRunningSampleCollection
{
    public const string Name = "LongRunningSample processes";
}
