using System.Globalization;

namespace DotnetTelemetry.Agent.Resources;

/// <summary>Kubernetes resource quantities as the downward API or a user writes them: <c>500m</c>, <c>2</c>, <c>128Mi</c>, <c>1G</c>.</summary>
internal static class KubernetesQuantity
{
    /// <summary>CPU in cores: "500m" → 0.5, "2" → 2.</summary>
    public static double? ParseCpu(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = text.Trim();
        if (text.EndsWith('m') && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double milli))
        {
            return milli / 1000;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double cores) && cores >= 0 ? cores : null;
    }

    /// <summary>Memory in bytes: "128Mi" → 134217728, "1G" → 1000000000, "1048576" → 1048576.</summary>
    public static long? ParseMemory(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = text.Trim();
        (string suffix, double factor)[] units =
        {
            ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40),
            ("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12),
        };
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double scaled))
            {
                return (long)(scaled * factor);
            }
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes) ? bytes : null;
    }
}
