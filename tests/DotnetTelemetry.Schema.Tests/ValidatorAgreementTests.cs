using System.Text.Json;
using System.Text.Json.Nodes;
using DotnetTelemetry.Schema.Validation;

namespace DotnetTelemetry.Schema.Tests;

/// <summary>
/// The .NET schema validator behind `validate` must reach ajv's verdict on every line: checked on a few
/// hundred events mutated at random (seeded, so a failure reproduces) in every place and every way.
/// </summary>
public class ValidatorAgreementTests
{
    private static readonly Func<Random, JsonNode?>[] Replacements =
    {
        _ => null,
        _ => JsonValue.Create("X"),
        _ => JsonValue.Create(""),
        _ => JsonValue.Create(5),
        _ => JsonValue.Create(5.5),
        _ => JsonValue.Create(-1),
        _ => JsonValue.Create(1e300),
        _ => JsonValue.Create(true),
        _ => new JsonObject(),
        _ => new JsonArray(1, 2),
        r => JsonValue.Create(new string('0', r.Next(2) == 0 ? 16 : 32)),
        r => JsonValue.Create(Convert.ToHexString(BitConverter.GetBytes(r.NextInt64())).ToLowerInvariant()),
        _ => JsonValue.Create("2025-11-03T19:15:41.499Z"),
        _ => JsonValue.Create("2025-02-30T19:15:41.499Z"),
        _ => JsonValue.Create("function_exit"),
        _ => JsonValue.Create("01"),
    };

    [Fact]
    public void Dotnet_validator_and_ajv_agree_on_randomly_broken_events()
    {
        var random = new Random(20251103);
        var valid = Corpus.ValidLines();
        var lines = new List<string>();
        for (var i = 0; i < 400; i++)
        {
            var node = JsonNode.Parse(valid[random.Next(valid.Count)])!;
            var mutations = 1 + random.Next(2);
            for (var m = 0; m < mutations; m++) Mutate(node, random);
            lines.Add(node.ToJsonString());
        }

        using var schema = new TempFile(TelemetrySchema.Json, ".schema.json");
        using var events = new TempFile(Corpus.Ndjson(lines));
        var ajv = TestEnvironment.RunAjv(schema.Path, events.Path);
        Assert.True(ajv.ExitCode is 0 or 1, ajv.ToString());
        var ajvInvalid = ajv.StandardOutput.Split('\n')
            .Where(l => l.StartsWith("line ", StringComparison.Ordinal))
            .Select(l => int.Parse(l[5..l.IndexOf(':')]))
            .ToHashSet();

        var disagreements = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            using var document = JsonDocument.Parse(lines[i]);
            var reasons = new List<string>();
            var dotnetValid = JsonSchemaValidator.TelemetryV3.Validate(document.RootElement, reasons);
            var ajvValid = !ajvInvalid.Contains(i + 1);
            if (dotnetValid != ajvValid)
            {
                disagreements.Add($"line {i + 1}: ajv {(ajvValid ? "valid" : "invalid")}, .NET {(dotnetValid ? "valid" : "invalid: " + string.Join("; ", reasons))}\n  {lines[i]}");
            }
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements) + "\n" + ajv.StandardOutput);
        // The corpus must exercise both verdicts, or the comparison proves little.
        Assert.InRange(ajvInvalid.Count, 50, lines.Count - 20);
    }

    /// <summary>Replaces, removes or adds one member somewhere in the event.</summary>
    private static void Mutate(JsonNode root, Random random)
    {
        var containers = new List<JsonObject>();
        Collect(root, containers);
        var target = containers[random.Next(containers.Count)];
        var names = target.Select(p => p.Key).ToList();
        switch (random.Next(10))
        {
            case 0:
                target["unexpected_" + random.Next(3)] = 1;
                break;
            case 1 when names.Count > 0:
                target.Remove(names[random.Next(names.Count)]);
                break;
            default:
                if (names.Count == 0) break;
                target[names[random.Next(names.Count)]] = Replacements[random.Next(Replacements.Length)](random);
                break;
        }
    }

    private static void Collect(JsonNode? node, List<JsonObject> into)
    {
        if (node is not JsonObject obj) return;
        into.Add(obj);
        foreach (var (_, child) in obj) Collect(child, into);
    }
}
