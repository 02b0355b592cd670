namespace HttpNestSample;

/// <summary>The functions that make the calls; each answer is the traceparent the listener received (or "none").</summary>
public static class Calls
{
    /// <summary>HttpClient's synchronous Send: the whole call runs inside this function, on this thread.</summary>
    public static string FetchSync(HttpClient client, string url)
    {
        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url));
        using var reader = new StreamReader(response.Content.ReadAsStream());
        return reader.ReadToEnd();
    }

    /// <summary>An async function: the call starts in its first step, before the first await.</summary>
    public static async Task<string> FetchAsync(HttpClient client, string url) => await client.GetStringAsync(url);

    /// <summary>Runs on a pool thread with no caller of ours above it: a trace root of its own.</summary>
    public static string FetchFromWorker(HttpClient client, string url) => client.GetStringAsync(url).GetAwaiter().GetResult();
}
