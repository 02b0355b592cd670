using System.Security.Cryptography;
using dnlib.DotNet;
using dnlib.DotNet.MD;
using dnlib.DotNet.Pdb;
using dnlib.DotNet.Writer;
using dnlib.PE;
using DotnetTelemetry.Weaver.IL;
using DotnetTelemetry.Weaver.Selection;

namespace DotnetTelemetry.Weaver.IO;

/// <summary>
/// Reads one assembly file (with its portable PDB beside it, or embedded), weaves it, and writes the result
/// atomically (temp file, then rename) with a matching PDB. The input is read into memory first, so the
/// output may replace it. Files that are not .NET assemblies, or cannot be read, are reported and never written.
/// </summary>
public static class AssemblyFileWeaver
{
    /// <summary>Bumped whenever woven output changes for the same input (part of the deterministic ids and of the cache key).</summary>
    public const string WeaverVersion = "2"; // 2: async completions give the thread its previous span back before SetResult

    /// <param name="allowFrameworkNames">Weave even an assembly named like a shared-framework one (tests weave NuGet copies of Microsoft.Extensions.*).</param>
    public static AssemblyOutcome Weave(string inputPath, string outputPath, SelectionRules rules, bool allowFrameworkNames = false)
    {
        byte[] image;
        try
        {
            image = File.ReadAllBytes(inputPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new AssemblyOutcome(inputPath, AssemblyStatus.Failed, $"cannot read: {e.Message}");
        }
        if (!AssemblyProbe.LooksLikeDotNet(image, out var notDotNet))
        {
            return new AssemblyOutcome(inputPath, AssemblyStatus.NotDotNet, notDotNet);
        }
        string pdbPath = Path.ChangeExtension(inputPath, ".pdb");
        byte[]? pdb = File.Exists(pdbPath) ? TryRead(pdbPath) : null;

        ModuleDefMD module;
        try
        {
            var options = new ModuleCreationOptions { TryToLoadPdbFromDisk = false, PdbFileOrData = pdb };
            DnlibPlatform.AnswerCpuArchitecture();
            module = ModuleDefMD.Load(image, options);
            if (pdb is null) module.LoadPdb(); // an embedded portable PDB, if any
        }
        catch (Exception e)
        {
            return new AssemblyOutcome(inputPath, AssemblyStatus.NotDotNet, $"not a readable .NET assembly ({e.GetType().Name}: {e.Message})");
        }

        using (module)
        {
            string name = module.Assembly?.Name ?? Path.GetFileNameWithoutExtension(inputPath);
            if (module.Assembly is null) return new AssemblyOutcome(inputPath, AssemblyStatus.Unsupported, "a netmodule, not an assembly");
            if (MethodTableEmitter.IsWoven(module)) return new AssemblyOutcome(inputPath, AssemblyStatus.AlreadyWoven, "already woven by dotnet-telemetry");
            if (AssemblyKinds.IsOurs(name) || (!allowFrameworkNames && AssemblyKinds.IsFramework(name))) return new AssemblyOutcome(inputPath, AssemblyStatus.Unsupported, "framework or dotnet-telemetry assembly: never woven");
            bool readyToRun = module.Metadata.ImageCor20Header.ManagedNativeHeader.VirtualAddress != 0;
            if (!module.IsILOnly && !readyToRun) return new AssemblyOutcome(inputPath, AssemblyStatus.Unsupported, "mixed-mode (native code) assembly");

            List<MethodOutcome> methods;
            try
            {
                methods = ModuleWeaver.Weave(module, functionName => rules.IsSelected(name, functionName));
            }
            catch (Exception e)
            {
                return new AssemblyOutcome(inputPath, AssemblyStatus.Failed, $"weaving failed, file left unchanged: {e.GetType().Name}: {e.Message}");
            }
            if (!methods.Any(m => m.Woven))
            {
                return new AssemblyOutcome(inputPath, AssemblyStatus.NothingToWeave, "no selected method", methods);
            }
            try
            {
                Write(module, image, pdb, rules, readyToRun, outputPath);
            }
            catch (Exception e)
            {
                return new AssemblyOutcome(inputPath, AssemblyStatus.Failed, $"writing failed, nothing written: {e.GetType().Name}: {e.Message}", methods);
            }
            return new AssemblyOutcome(inputPath, AssemblyStatus.Woven, readyToRun ? "ReadyToRun code dropped (IL only)" : null, methods);
        }
    }

    private static void Write(ModuleDefMD module, byte[] image, byte[]? pdb, SelectionRules rules, bool readyToRun, string outputPath)
    {
        // Deterministic identity: the same input, selection and weaver version give the same bytes.
        byte[] hash;
        using (var sha = SHA256.Create())
        {
            sha.TransformBlock(image, 0, image.Length, null, 0);
            if (pdb is not null) sha.TransformBlock(pdb, 0, pdb.Length, null, 0);
            var extra = System.Text.Encoding.UTF8.GetBytes(rules.Key + "|" + WeaverVersion);
            sha.TransformFinalBlock(extra, 0, extra.Length);
            hash = sha.Hash!;
        }
        module.Mvid = new Guid(hash.AsSpan(0, 16));

        var options = new ModuleWriterOptions(module);
        options.PEHeadersOptions.TimeDateStamp = BitConverter.ToUInt32(hash, 16) & 0x7FFFFFFF;
        // .NET (Core) never validates strong-name signatures; the public key stays, the "signed" claim goes.
        options.Cor20HeaderOptions.Flags = (module.Cor20HeaderFlags & ~(ComImageFlags.StrongNameSigned | ComImageFlags.ILLibrary)) | ComImageFlags.ILOnly;
        if (readyToRun)
        {
            // ReadyToRun images carry an OS-specific machine value; the IL-only output is AnyCPU (PE32, I386, ILONLY).
            options.PEHeadersOptions.Machine = Machine.I386;
            options.Cor20HeaderOptions.Flags &= ~ComImageFlags.Bit32Required;
        }
        options.Logger = new WriterLogger();

        string directory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(outputPath)}.{Environment.ProcessId}.tmp");
        string? pdbTemp = null;
        string pdbOutput = Path.ChangeExtension(outputPath, ".pdb");
        try
        {
            if (module.PdbState is not null)
            {
                options.WritePdb = true;
                options.PdbOptions = PdbWriterOptions.Deterministic;
                options.PdbFileNameInDebugDirectory = Path.GetFileName(pdbOutput);
                if (module.PdbState.PdbFileKind != PdbFileKind.EmbeddedPortablePDB)
                {
                    pdbTemp = temp + ".pdb";
                    options.PdbFileName = pdbTemp;
                }
            }
            using (var output = File.Create(temp))
            {
                module.Write(output, options);
            }
            if (pdbTemp is not null) File.Move(pdbTemp, pdbOutput, overwrite: true);
            File.Move(temp, outputPath, overwrite: true);
        }
        finally
        {
            TryDelete(temp);
            if (pdbTemp is not null) TryDelete(pdbTemp);
        }
    }

    private static byte[]? TryRead(string path)
    {
        try { return File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
