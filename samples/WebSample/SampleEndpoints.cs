namespace WebSample;

/// <summary>
/// The sample's services and endpoints, in a file of their own so the overhead harness's OpenTelemetry SDK
/// variant (bench/OtelWebSample) serves exactly the same app.
/// </summary>
public static class SampleEndpoints
{
    public static IServiceCollection AddSampleServices(this IServiceCollection services)
    {
        services.AddHttpClient();
        services.AddSingleton<Catalog>();
        return services;
    }

    public static void MapSampleEndpoints(this WebApplication app)
    {
        app.MapGet("/", () => "WebSample");
        app.MapGet("/items/{id:int}", (int id, Catalog catalog) => catalog.Find(id) is { } item ? Results.Ok(item) : Results.NotFound());
        app.MapGet("/price/{id:int}", (int id, Catalog catalog) => Results.Ok(new { id, price = catalog.Price(id) }));
        app.MapGet("/chain/{id:int}", async (int id, HttpContext context, IHttpClientFactory clients) =>
        {
            // Calls this same server through HttpClient, so one request produces a client and a server exchange.
            var client = clients.CreateClient();
            var self = $"{context.Request.Scheme}://{context.Request.Host}";
            var price = await client.GetStringAsync($"{self}/price/{id}");
            return Results.Text(price, "application/json");
        });
        app.MapGet("/fail", (Catalog catalog) => catalog.Explode());
    }
}
