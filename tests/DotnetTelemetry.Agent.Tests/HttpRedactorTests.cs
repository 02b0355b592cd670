using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Http;

namespace DotnetTelemetry.Agent.Tests;

public class HttpRedactorTests
{
    private readonly HttpRedactor _redactor = new(AgentConfig.DefaultRedactedHeaders.Append("X-Tenant-Secret").ToArray(), redactQuery: true);

    [Theory]
    [InlineData("http://h/p?token=abc&page=2", "http://h/p?token=REDACTED&page=REDACTED")]
    [InlineData("http://h/p?flag&x=", "http://h/p?flag&x=REDACTED")]
    [InlineData("https://h/p?a=1#frag", "https://h/p?a=REDACTED#frag")]
    [InlineData("http://user:pw@h:80/p", "http://user:REDACTED@h:80/p")]
    [InlineData("http://h/p", "http://h/p")]
    [InlineData("/relative?q=1", "/relative?q=REDACTED")]
    public void Urls(string url, string expected) => Assert.Equal(expected, _redactor.Url(url));

    [Fact]
    public void Query_redaction_can_be_switched_off_but_passwords_never_show()
    {
        var redactor = new HttpRedactor(AgentConfig.DefaultRedactedHeaders, redactQuery: false);
        Assert.Equal("http://u:REDACTED@h/p?page=2", redactor.Url("http://u:pw@h/p?page=2"));
    }

    [Theory]
    [InlineData("Authorization", "Bearer x", "REDACTED")]
    [InlineData("cookie", "a=b", "REDACTED")]
    [InlineData("Set-Cookie", "a=b", "REDACTED")]
    [InlineData("X-API-KEY", "k", "REDACTED")]
    [InlineData("x-tenant-secret", "s", "REDACTED")]
    [InlineData("Accept", "text/plain", "text/plain")]
    public void Headers(string name, string value, string expected) => Assert.Equal(expected, _redactor.HeaderValue(name, value));
}
