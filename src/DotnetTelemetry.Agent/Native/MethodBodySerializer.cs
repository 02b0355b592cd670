using dnlib.DotNet.Emit;
using dnlib.DotNet.Writer;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// Turns a (woven) dnlib method body into the CorILMethod bytes ReJIT takes: tiny or fat header
/// (max stack recomputed, locals signature token), code, and the exception-handling sections.
/// </summary>
internal static class MethodBodySerializer
{
    public static byte[] Serialize(CilBody body, ITokenProvider tokens)
    {
        var writer = new MethodBodyWriter(tokens, body);
        writer.Write();
        return writer.GetFullMethodBody();
    }
}
