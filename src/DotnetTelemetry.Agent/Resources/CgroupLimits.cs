using System.Globalization;

namespace DotnetTelemetry.Agent.Resources;

/// <summary>The container's CPU and memory limits from cgroup v2 (<c>cpu.max</c>, <c>memory.max</c>) or v1 (CFS quota, memory limit).</summary>
internal readonly record struct CgroupLimits(double? CpuCores, long? MemoryBytes)
{
    /// <summary>cgroup v1 writes a huge number (about 2^63 rounded to pages) for "no memory limit".</summary>
    private const long V1Unlimited = 1L << 60;

    public static CgroupLimits Read(string root)
    {
        try
        {
            return File.Exists(Path.Combine(root, "cgroup.controllers")) || File.Exists(Path.Combine(root, "cpu.max")) || File.Exists(Path.Combine(root, "memory.max"))
                ? ReadV2(root)
                : ReadV1(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return default;
        }
    }

    private static CgroupLimits ReadV2(string root)
    {
        double? cpu = null;
        string? cpuMax = ReadTrimmed(Path.Combine(root, "cpu.max"));
        if (cpuMax is not null)
        {
            var parts = cpuMax.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] != "max" && long.TryParse(parts[0], out long quota) && long.TryParse(parts[1], out long period) && period > 0)
            {
                cpu = (double)quota / period;
            }
        }
        long? memory = null;
        string? memoryMax = ReadTrimmed(Path.Combine(root, "memory.max"));
        if (memoryMax is not null && memoryMax != "max" && long.TryParse(memoryMax, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes))
        {
            memory = bytes;
        }
        return new CgroupLimits(cpu, memory);
    }

    private static CgroupLimits ReadV1(string root)
    {
        double? cpu = null;
        foreach (string controller in new[] { "cpu", "cpu,cpuacct", "cpuacct,cpu" })
        {
            string? quotaText = ReadTrimmed(Path.Combine(root, controller, "cpu.cfs_quota_us"));
            string? periodText = ReadTrimmed(Path.Combine(root, controller, "cpu.cfs_period_us"));
            if (quotaText is null || periodText is null)
            {
                continue;
            }
            if (long.TryParse(quotaText, out long quota) && quota > 0 && long.TryParse(periodText, out long period) && period > 0)
            {
                cpu = (double)quota / period;
            }
            break;
        }
        long? memory = null;
        string? limitText = ReadTrimmed(Path.Combine(root, "memory", "memory.limit_in_bytes"));
        if (limitText is not null && long.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out long limit) && limit < V1Unlimited)
        {
            memory = limit;
        }
        return new CgroupLimits(cpu, memory);
    }

    private static string? ReadTrimmed(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : null;
}
