using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using DotnetTelemetry.Agent.Native;

// Prints one "key=value" line per step; the test reads them. Exit code 0 when every step ran.
// `ReJitApp raw`: hand-made IL through the C API; `ReJitApp weave`: the agent's load-time weaving pipeline.
internal static class Program
{
    private static int Main(string[] args)
    {
        string? path = Environment.GetEnvironmentVariable("CORECLR_PROFILER_PATH");
        if (args.FirstOrDefault() == "wait-attach")
        {
            // Started with no profiler: run some code first, then wait until the test has attached
            // the shim (AttachProfiler) and sends the shim's path on stdin.
            Console.WriteLine($"warm={Target.Answer()}");
            Console.WriteLine("ready");
            path = Console.ReadLine();
        }
        ShimLibrary? shim = path is null ? null : ShimLibrary.TryLoad(path, out _);
        if (shim is null)
        {
            Console.WriteLine("shim=missing");
            return 2;
        }
        Console.WriteLine($"attached={shim.IsAttached}");
        return args.FirstOrDefault() switch
        {
            "weave" => LiveWeavingScenario.Run(),
            "weave-probes" => LiveWeavingScenario.RunWithWeaver(),
            "refilter" => LiveWeavingScenario.RunRefilter(),
            "wait-attach" => RawReJit(shim),
            _ => RawReJit(shim),
        };
    }

    private static int RawReJit(ShimLibrary shim)
    {
        Console.WriteLine($"mode={shim.LoadMode}");

        ulong module = shim.FindModuleByAssembly("ReJitApp");
        Console.WriteLine($"module-found={module != 0}");
        Console.WriteLine($"module-path-matches={shim.ModulePath(module) == typeof(Program).Assembly.Location}");
        Console.WriteLine($"before={Target.Answer()}");

        // References the rewritten body needs: Console.WriteLine(string), a string, one int local.
        int hr = shim.DefineAssemblyRef(module, "System.Console", new Version(8, 0, 0, 0),
            Convert.FromHexString("b03f5f7f11d50a3a"), 0, out uint consoleAssembly);
        Console.WriteLine($"assembly-ref=0x{hr:X8}:{consoleAssembly >> 24:X2}");
        hr = shim.DefineTypeRef(module, consoleAssembly, "System.Console", out uint consoleType);
        Console.WriteLine($"type-ref=0x{hr:X8}:{consoleType >> 24:X2}");
        hr = shim.DefineMemberRef(module, consoleType, "WriteLine", new byte[] { 0x00, 0x01, 0x01, 0x0E }, out uint writeLine);
        Console.WriteLine($"member-ref=0x{hr:X8}:{writeLine >> 24:X2}");
        hr = shim.DefineUserString(module, "rejit-ok", out uint text);
        Console.WriteLine($"user-string=0x{hr:X8}:{text >> 24:X2}");
        hr = shim.DefineStandAloneSig(module, new byte[] { 0x07, 0x01, 0x08 }, out uint locals);
        Console.WriteLine($"local-sig=0x{hr:X8}:{locals >> 24:X2}");
        Console.WriteLine($"apply-metadata=0x{shim.ApplyMetadata(module):X8}");

        uint answer = (uint)typeof(Target).GetMethod(nameof(Target.Answer))!.MetadataToken;
        Console.WriteLine($"set-body=0x{shim.SetIlBody(module, answer, NewAnswerBody(text, writeLine, locals)):X8}");
        Console.WriteLine($"rejit=0x{shim.RequestReJit(new[] { module }, new[] { answer }, TimeSpan.FromSeconds(10)):X8}");
        Console.WriteLine($"after={Target.Answer()}");
        Console.WriteLine($"status={shim.ReJitStatus(module, answer).State}");

        var statuses = new int[1];
        hr = shim.RequestRevert(new[] { module }, new[] { answer }, statuses, TimeSpan.FromSeconds(10));
        Console.WriteLine($"revert=0x{hr:X8}:0x{statuses[0]:X8}");
        Console.WriteLine($"reverted={Target.Answer()}");
        return 0;
    }

    // { var x = 42; Console.WriteLine("rejit-ok"); return x; } as a fat CorILMethod with one local.
    private static byte[] NewAnswerBody(uint text, uint writeLine, uint locals)
    {
        var code = new List<byte>();
        void Token(byte opcode, uint token)
        {
            code.Add(opcode);
            code.AddRange(BitConverter.GetBytes(token));
        }
        code.AddRange(new byte[] { 0x1F, 42, 0x0A }); // ldc.i4.s 42; stloc.0
        Token(0x72, text);                           // ldstr "rejit-ok"
        Token(0x28, writeLine);                      // call Console.WriteLine(string)
        code.AddRange(new byte[] { 0x06, 0x2A });    // ldloc.0; ret

        var body = new byte[12 + code.Count];
        BinaryPrimitives.WriteUInt16LittleEndian(body, 0x3013);            // fat, 3 dwords, InitLocals
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), 8);       // max stack
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)code.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), locals);
        code.CopyTo(body, 12);
        return body;
    }
}

internal static class Target
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Answer() => 1;
}
