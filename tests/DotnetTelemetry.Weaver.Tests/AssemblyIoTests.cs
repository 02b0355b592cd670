using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using DotnetTelemetry.Weaver.IO;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Weaver.Tests;

/// <summary>Assembly I/O: determinism, never weaving twice, PDB matching, strong names, bad input left untouched.</summary>
public sealed class AssemblyIoTests
{
    [Fact]
    public void Same_input_gives_the_same_bytes()
    {
        using var temp = new TempDirectory();
        AssemblyFileWeaver.Weave(WovenTargets.OriginalPath, temp.File("a/WeaverTargets.dll"), SelectionRules.Default);
        AssemblyFileWeaver.Weave(WovenTargets.OriginalPath, temp.File("b/WeaverTargets.dll"), SelectionRules.Default);
        Assert.Equal(File.ReadAllBytes(temp.File("a/WeaverTargets.dll")), File.ReadAllBytes(temp.File("b/WeaverTargets.dll")));
        Assert.Equal(File.ReadAllBytes(temp.File("a/WeaverTargets.pdb")), File.ReadAllBytes(temp.File("b/WeaverTargets.pdb")));
        Assert.NotEqual(File.ReadAllBytes(WovenTargets.OriginalPath), File.ReadAllBytes(temp.File("a/WeaverTargets.dll")));
    }

    [Fact]
    public void A_woven_assembly_is_never_woven_again()
    {
        var again = AssemblyFileWeaver.Weave(WovenTargets.WovenPath, Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}.dll"), SelectionRules.Default);
        Assert.Equal(AssemblyStatus.AlreadyWoven, again.Status);
    }

    [Fact]
    public void Woven_pdb_matches_the_woven_assembly()
    {
        using var stream = File.OpenRead(WovenTargets.WovenPath);
        using var pe = new PEReader(stream);
        Assert.True(pe.TryOpenAssociatedPortablePdb(WovenTargets.WovenPath, p => File.Exists(p) ? File.OpenRead(p) : null, out var provider, out _));
        using (provider)
        {
            Assert.True(provider!.GetMetadataReader().MethodDebugInformation.Count > 100);
        }
        // References the probes by name, and says "woven" through its method table type.
        var metadata = pe.GetMetadataReader();
        Assert.Contains(metadata.AssemblyReferences, r => metadata.GetString(metadata.GetAssemblyReference(r).Name) == "DotnetTelemetry.Probes");
        Assert.Contains(metadata.TypeDefinitions, t => metadata.GetString(metadata.GetTypeDefinition(t).Name) == "<DotnetTelemetry>MethodTable");
    }

    [Fact]
    public void Strong_named_input_keeps_its_public_key_and_loads()
    {
        using var temp = new TempDirectory();
        string original = Path.Combine(AppContext.BaseDirectory, "Newtonsoft.Json.dll");
        var outcome = AssemblyFileWeaver.Weave(original, temp.File("Newtonsoft.Json.dll"), SelectionRules.Default);
        Assert.Equal(AssemblyStatus.Woven, outcome.Status);
        var before = System.Reflection.AssemblyName.GetAssemblyName(original);
        var after = System.Reflection.AssemblyName.GetAssemblyName(temp.File("Newtonsoft.Json.dll"));
        Assert.Equal(before.GetPublicKeyToken(), after.GetPublicKeyToken());
        var context = new IsolatedContext(temp.Path);
        try
        {
            var assembly = context.LoadFromAssemblyPath(temp.File("Newtonsoft.Json.dll"));
            var convert = assembly.GetType("Newtonsoft.Json.JsonConvert")!;
            var json = convert.GetMethod("SerializeObject", new[] { typeof(object) })!.Invoke(null, new object[] { new[] { 1, 2 } });
            Assert.Equal("[1,2]", json);
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public void Non_dotnet_and_corrupt_files_are_reported_and_left_untouched()
    {
        using var temp = new TempDirectory();
        var text = temp.File("notes.dll");
        File.WriteAllText(text, "not an assembly");
        var truncated = temp.File("Truncated.dll");
        File.WriteAllBytes(truncated, File.ReadAllBytes(WovenTargets.OriginalPath).AsSpan(0, 4096).ToArray());
        byte[] textBefore = File.ReadAllBytes(text), truncatedBefore = File.ReadAllBytes(truncated);

        var textOutcome = AppWeaver.WeaveFileInPlace(text, SelectionRules.Default, keepBackups: true);
        var truncatedOutcome = AppWeaver.WeaveFileInPlace(truncated, SelectionRules.Default, keepBackups: true);

        Assert.Equal(AssemblyStatus.NotDotNet, textOutcome.Status);
        Assert.Contains("not a PE file", textOutcome.Message);
        Assert.Equal(AssemblyStatus.NotDotNet, truncatedOutcome.Status);
        Assert.Equal(textBefore, File.ReadAllBytes(text));
        Assert.Equal(truncatedBefore, File.ReadAllBytes(truncated));
        Assert.Equal(new[] { "Truncated.dll", "notes.dll" }, Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}

/// <summary>An embedded portable PDB (Humanizer ships one) stays embedded and readable after weaving.</summary>
public sealed class EmbeddedPdbTests
{
    [Fact]
    public void Embedded_pdb_is_kept()
    {
        using var temp = new TempDirectory();
        string original = Path.Combine(AppContext.BaseDirectory, "Humanizer.dll");
        Assert.True(HasEmbeddedPdb(original, out _));
        Assert.Equal(AssemblyStatus.Woven, AssemblyFileWeaver.Weave(original, temp.File("Humanizer.dll"), SelectionRules.Default).Status);
        Assert.True(HasEmbeddedPdb(temp.File("Humanizer.dll"), out int methodsWithDebugInfo));
        Assert.True(methodsWithDebugInfo > 1000);
        Assert.False(File.Exists(temp.File("Humanizer.pdb")));
    }

    private static bool HasEmbeddedPdb(string path, out int methods)
    {
        methods = 0;
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var entry = pe.ReadDebugDirectory().FirstOrDefault(e => e.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        if (entry.DataSize == 0) return false;
        using var provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(entry);
        methods = provider.GetMetadataReader().MethodDebugInformation.Count;
        return true;
    }
}
