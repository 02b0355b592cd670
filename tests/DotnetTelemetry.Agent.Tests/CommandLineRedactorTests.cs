using DotnetTelemetry.Agent.Resources;

namespace DotnetTelemetry.Agent.Tests;

public class CommandLineRedactorTests
{
    [Theory]
    [InlineData("--password=hunter2", "--password=REDACTED")]
    [InlineData("--db-password=hunter2", "--db-password=REDACTED")]
    [InlineData("--api-key=abc", "--api-key=REDACTED")]
    [InlineData("/ApiKey:abc", "/ApiKey:REDACTED")]
    [InlineData("-token=abc", "-token=REDACTED")]
    [InlineData("CLIENT_SECRET=abc", "CLIENT_SECRET=REDACTED")]
    [InlineData("--ConnectionStrings:Default=Server=db;Password=x", "--ConnectionStrings:Default=REDACTED")]
    [InlineData("Server=db;User Id=app;Password=s3cret;Encrypt=true", "Server=db;User Id=app;Password=REDACTED;Encrypt=true")]
    [InlineData("postgres://app:s3cret@db:5432/orders", "postgres://app:REDACTED@db:5432/orders")]
    [InlineData("--urls=http://127.0.0.1:5080", "--urls=http://127.0.0.1:5080")]
    [InlineData("--passive=true", "--passive=true")]
    [InlineData("--environment=Production", "--environment=Production")]
    [InlineData("app.dll", "app.dll")]
    public void Redacts_one_argument(string argument, string expected)
    {
        Assert.Equal(expected, CommandLineRedactor.RedactOne(argument));
    }

    [Fact]
    public void Redacts_the_value_after_a_secret_option()
    {
        var result = CommandLineRedactor.Redact(new[] { "dotnet", "app.dll", "--token", "abc123", "--verbose", "--password", "--port", "80" });
        Assert.Equal(new[] { "dotnet", "app.dll", "--token", "REDACTED", "--verbose", "--password", "--port", "80" }, result);
    }

    [Fact]
    public void Joins_with_quotes_where_needed()
    {
        Assert.Equal("dotnet \"my app.dll\" x", CommandLineRedactor.Join(new[] { "dotnet", "my app.dll", "x" }));
    }
}

/// <summary>The free-text rules shared by the command line and exception messages (issue 18, item 8).</summary>
public class SecretTextTests
{
    [Theory]
    [InlineData("https://files.example/x?secret=abc&page=2", "https://files.example/x?secret=REDACTED&page=2")]
    [InlineData("https://h/p?a=1&token=abc#frag", "https://h/p?a=1&token=REDACTED#frag")]
    [InlineData("https://h/p?password=abc&access_token=def", "https://h/p?password=REDACTED&access_token=REDACTED")]
    [InlineData("https://acct.blob.core.windows.net/c/b?sv=2022&sig=abc%2Bdef", "https://acct.blob.core.windows.net/c/b?sv=2022&sig=REDACTED")]
    [InlineData("https://maps.example/api?key=AIzaXYZ", "https://maps.example/api?key=REDACTED")]
    [InlineData("redis://:pw@cache:6379", "redis://:REDACTED@cache:6379")]
    [InlineData("redis://:p@ss@cache:6379/0", "redis://:REDACTED@cache:6379/0")]
    [InlineData("https://ghp_TOKEN@github.com/org/repo", "https://REDACTED@github.com/org/repo")]
    [InlineData("Authorization: Bearer eyJhbGciOi.J9.x-y_z", "Authorization: Bearer REDACTED")]
    [InlineData("Authorization: Basic dXNlcjpwdw==", "Authorization: Basic REDACTED")]
    [InlineData("token rejected: Bearer abc123 expired", "token rejected: Bearer REDACTED expired")]
    [InlineData("Login failed; Password=DbPassw0rd!; pwd=x", "Login failed; Password=REDACTED; pwd=REDACTED")]
    [InlineData("Server=db;User Id=app;Password=s3cret;Encrypt=true", "Server=db;User Id=app;Password=REDACTED;Encrypt=true")]
    [InlineData("https://h/p?page=2&sort=asc", "https://h/p?page=2&sort=asc")]
    [InlineData("Authorization failed for user bob", "Authorization failed for user bob")]
    [InlineData("quantity must not be negative", "quantity must not be negative")]
    public void Masks_the_secret_and_keeps_the_context(string text, string expected)
    {
        Assert.Equal(expected, DotnetTelemetry.Agent.Redaction.SecretText.Redact(text));
    }

    [Fact]
    public void Command_line_secrets_given_as_two_arguments_are_masked()
    {
        var result = CommandLineRedactor.Redact(new[] { "curl", "-H", "Authorization: Bearer abc", "Bearer", "def", "redis://:pw@h", "--password", "x" });
        Assert.Equal(new[] { "curl", "-H", "Authorization:REDACTED", "Bearer", "REDACTED", "redis://:REDACTED@h", "--password", "REDACTED" }, result);
    }
}
