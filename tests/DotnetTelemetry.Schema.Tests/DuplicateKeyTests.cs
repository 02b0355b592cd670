using System.Text;
using System.Text.Json;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Schema.Tests;

/// <summary>The writer never emits an object with a repeated key, whatever the event's lists hold.</summary>
public class DuplicateKeyTests
{
    [Fact]
    public void Attributes_that_collide_with_the_writers_own_fields_or_each_other_are_written_once()
    {
        var e = SampleEvents.Full(EventType.FunctionExit);
        e.SourceFile = "/src/Shop/Fetcher.cs";
        e.SourceLine = 42;
        e.ThreadId = 7;
        e.Attributes.Add(new("code.file.path", "/somewhere/else.cs"));
        e.Attributes.Add(new("thread.id", 99L));
        e.Attributes.Add(new("code.line.number", 1L));
        e.Attributes.Add(new("order.id", "first"));
        e.Attributes.Add(new("order.id", "second"));

        var line = Write(e);

        AssertNoDuplicateKeys(line);
        using var document = JsonDocument.Parse(line);
        var attributes = document.RootElement.GetProperty("attributes");
        Assert.Equal("/src/Shop/Fetcher.cs", attributes.GetProperty("code.file.path").GetString());
        Assert.Equal(7, attributes.GetProperty("thread.id").GetInt64());
        Assert.Equal(42, attributes.GetProperty("code.line.number").GetInt64());
        Assert.Equal("first", attributes.GetProperty("order.id").GetString());
    }

    [Fact]
    public void An_attribute_named_like_an_absent_own_field_is_kept()
    {
        var e = SampleEvents.Full(EventType.HttpRequest);
        e.SourceFile = null;
        e.SourceLine = 0;
        e.ThreadId = 0;
        e.Attributes.Add(new("thread.id", 12L));

        using var document = JsonDocument.Parse(Write(e));
        Assert.Equal(12, document.RootElement.GetProperty("attributes").GetProperty("thread.id").GetInt64());
    }

    [Fact]
    public void Repeated_headers_are_joined_into_one_member()
    {
        var e = SampleEvents.Full(EventType.HttpResponse);
        e.HttpRequest!.Headers.Clear();
        e.HttpRequest.Headers.Add(new("Accept", "text/html"));
        e.HttpRequest.Headers.Add(new("X-Id", "1"));
        e.HttpRequest.Headers.Add(new("Accept", "application/json"));
        e.HttpResponse!.Headers.Clear();
        e.HttpResponse.Headers.Add(new("Set-Cookie", "REDACTED"));
        e.HttpResponse.Headers.Add(new("Set-Cookie", "REDACTED"));
        e.HttpResponse.Headers.Add(new("Via", "a \"quoted\" proxy"));
        e.HttpResponse.Headers.Add(new("Via", "second"));

        var line = Write(e);

        AssertNoDuplicateKeys(line);
        using var document = JsonDocument.Parse(line);
        var http = document.RootElement.GetProperty("http");
        Assert.Equal("text/html, application/json", http.GetProperty("request").GetProperty("headers").GetProperty("Accept").GetString());
        Assert.Equal("1", http.GetProperty("request").GetProperty("headers").GetProperty("X-Id").GetString());
        var responseHeaders = http.GetProperty("response").GetProperty("headers");
        Assert.Equal("REDACTED, REDACTED", responseHeaders.GetProperty("Set-Cookie").GetString());
        Assert.Equal("a \"quoted\" proxy, second", responseHeaders.GetProperty("Via").GetString());
    }

    [Fact]
    public void Repeated_resource_attributes_and_pod_labels_are_written_once()
    {
        var resource = SampleEvents.FullResource();
        resource.ExtraAttributes.Add(new("team", "a"));
        resource.ExtraAttributes.Add(new("team", "b"));
        resource.Kubernetes!.PodLabels.Add(new("app", "x"));
        resource.Kubernetes.PodLabels.Add(new("app", "y"));
        var e = SampleEvents.Full(EventType.FunctionEntry, resource: resource);

        AssertNoDuplicateKeys(Write(e));
    }

    [Fact]
    public void Skipping_and_joining_repeated_keys_allocates_nothing_once_warm()
    {
        var writer = new TelemetryJsonWriter();
        var e = SampleEvents.Full(EventType.HttpResponse);
        e.ThreadId = 7;
        e.Attributes.Add(new("thread.id", 1L));
        e.Attributes.Add(new("dup", "a"));
        e.Attributes.Add(new("dup", "b"));
        e.HttpRequest!.Headers.Add(new("Accept", "a\n"));
        e.HttpRequest.Headers.Add(new("Accept", "b\""));

        for (var i = 0; i < 100; i++) writer.Format(e);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++) writer.Format(e);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated == 0, $"10000 warm events with repeated keys allocated {allocated} bytes");
        AssertNoDuplicateKeys(Encoding.UTF8.GetString(writer.Format(e)));
    }

    private static string Write(TelemetryEvent e) => Encoding.UTF8.GetString(new TelemetryJsonWriter().Format(e));

    /// <summary>Walks the line with a reader (JsonDocument would accept repeated keys) and fails on any repeated key in any object.</summary>
    internal static void AssertNoDuplicateKeys(string line)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(line));
        var scopes = new Stack<HashSet<string>>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    scopes.Push(new HashSet<string>(StringComparer.Ordinal));
                    break;
                case JsonTokenType.EndObject:
                    scopes.Pop();
                    break;
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    Assert.True(scopes.Peek().Add(name), $"duplicate key \"{name}\" in {line}");
                    break;
            }
        }
    }
}
