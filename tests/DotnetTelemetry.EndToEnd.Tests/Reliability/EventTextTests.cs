using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests.Reliability;

/// <summary>What the agent writes stays valid whatever the app's text (issue 18, item 10), and where it writes is as documented.</summary>
public class EventTextTests
{
    [Fact]
    public void A_cut_message_keeps_surrogate_pairs_whole_and_says_how_much_was_cut()
    {
        using var agent = new AgentEnvironment();
        string message = string.Concat(Enumerable.Repeat("a😀", 60));
        var with = ProcessRunner.RunDotnet(Artifacts.HostileApp, new[] { "throw", message },
            agent.WithAgent(("DOTNET_TELEMETRY_MAX_MESSAGE_LENGTH", "43")));

        Assert.Equal(0, with.ExitCode);
        string cut = Assert.Single(agent.ReadEvents().OfType("exception_entry")).Str("error", "message")!;
        int kept = cut.IndexOf('…');
        Assert.True(kept > 0 && cut.Length <= 43, cut);
        Assert.Equal(message[..kept], cut[..kept]);
        Assert.False(char.IsHighSurrogate(cut[kept - 1]), "a surrogate pair was split");
        Assert.Equal($"… ({message.Length - kept} more characters)", cut[kept..]);
    }

    /// <summary>Decided (README, Configuration): a <c>file:</c> output creates its missing folders, as a log file usually does.</summary>
    [Fact]
    public void A_file_output_in_missing_folders_creates_them()
    {
        using var agent = new AgentEnvironment();
        string path = Path.Combine(agent.Directory, "no", "such", "dir", "events.ndjson");
        var with = ProcessRunner.RunDotnet(Artifacts.HostileApp, new[] { "throw", "x" }, agent.WithAgent(("DOTNET_TELEMETRY_OUTPUT", "file:" + path)));

        Assert.Equal(0, with.ExitCode);
        Assert.Equal("", with.Stderr);
        Assert.Single(EventLog.Read(path).OfType("exception_entry"));
    }
}
