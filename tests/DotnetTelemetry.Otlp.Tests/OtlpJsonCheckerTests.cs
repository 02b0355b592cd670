using System.Text;
using DotnetTelemetry.Otlp.Tests.Support;

namespace DotnetTelemetry.Otlp.Tests;

/// <summary>The OTLP/JSON field checks of otlp-receiver.js catch the mistakes they are there for.</summary>
public sealed class OtlpJsonCheckerTests
{
    [Fact]
    public void Snake_case_names_base64_ids_numeric_int64_and_enum_names_are_reported()
    {
        using var receiver = MockOtlpReceiver.Start();
        const string body = """
            {"resourceSpans":[{"scopeSpans":[{"spans":[{
              "traceId":"CvdlGRbNQ92ESOshHIAxnA==","span_id":"0000000000000001","name":"x","kind":"SPAN_KIND_SERVER",
              "startTimeUnixNano":1700000000000000000,"endTimeUnixNano":"1700000000000000001"}]}]}]}
            """;
        using var client = new HttpClient();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = client.PostAsync(receiver.Url + "/v1/traces", content).Result;
        Assert.True(response.IsSuccessStatusCode);

        var violations = receiver.NextRequest(TimeSpan.FromSeconds(60))["violations"]!.AsArray().Select(v => (string)v!).ToList();
        Assert.Contains(violations, v => v.Contains("traceId must be 32 lowercase hex"));
        Assert.Contains(violations, v => v.Contains("span_id: no such field"));
        Assert.Contains(violations, v => v.Contains("kind: enum SpanKind must be one of its integer values"));
        Assert.Contains(violations, v => v.Contains("startTimeUnixNano: fixed64 must be a decimal string"));
        Assert.DoesNotContain(violations, v => v.Contains("endTimeUnixNano"));
    }
}
