using System.Text;
using dnlib.DotNet;

namespace DotnetTelemetry.Agent.Native;

/// <summary>
/// The module's #US heap as text → token, so an <c>ldstr</c> of the original body keeps the token it
/// had (dnlib reads the string, not its token) instead of adding a copy of every string to the
/// running module.
/// </summary>
internal sealed class UserStringIndex
{
    private readonly Dictionary<string, uint> _tokens = new(StringComparer.Ordinal);

    public UserStringIndex(ModuleDefMD module)
    {
        var heap = module.USStream;
        if (heap is null || heap.StreamLength == 0)
        {
            return;
        }
        var reader = heap.CreateReader();
        reader.Position = 1; // offset 0 is the empty entry
        while (reader.Position < reader.Length)
        {
            uint offset = reader.Position;
            if (!reader.TryReadCompressedUInt32(out uint length) || length > reader.BytesLeft)
            {
                break;
            }
            if (length == 0)
            {
                continue;
            }
            // UTF-16 characters, then one flag byte.
            byte[] bytes = reader.ReadBytes((int)length);
            string text = Encoding.Unicode.GetString(bytes, 0, (int)(length - 1) & ~1);
            _tokens.TryAdd(text, 0x70000000u | offset);
        }
    }

    public bool TryGetToken(string text, out uint token) => _tokens.TryGetValue(text, out token);
}
