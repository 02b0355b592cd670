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
