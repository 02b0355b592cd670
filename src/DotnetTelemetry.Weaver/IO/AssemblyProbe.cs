using System.Reflection.PortableExecutable;

namespace DotnetTelemetry.Weaver.IO;

/// <summary>Cheap checks on a file's bytes before dnlib reads it: is it a PE image with CLI metadata?</summary>
public static class AssemblyProbe
{
    public static bool LooksLikeDotNet(byte[] image, out string? reason)
    {
        reason = null;
        if (image.Length < 128 || image[0] != 'M' || image[1] != 'Z')
        {
            reason = "not a PE file (no MZ header)";
            return false;
        }
        try
        {
            using var stream = new MemoryStream(image, writable: false);
            using var reader = new PEReader(stream);
            if (!reader.HasMetadata)
            {
                reason = "a native PE file, not a .NET assembly";
                return false;
            }
            return true;
        }
        catch (BadImageFormatException e)
        {
            reason = $"corrupt PE image ({e.Message})";
            return false;
        }
    }

    /// <summary>The assembly name of a .NET file, or null.</summary>
    public static string? AssemblyName(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new PEReader(stream);
            if (!reader.HasMetadata) return null;
            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
            return metadata.IsAssembly ? metadata.GetString(metadata.GetAssemblyDefinition().Name) : null;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
    }
}
