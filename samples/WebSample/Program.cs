using WebSample;

// Minimal API used by the end-to-end tests and the overhead harness. Bind it to loopback only:
//   dotnet WebSample.dll --urls http://127.0.0.1:5080
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddHttpClient();
builder.Services.AddSingleton<Catalog>();
var app = builder.Build();

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

app.Run();

namespace WebSample
{
    public sealed record Item(int Id, string Name);

    public sealed class Catalog
    {
        private readonly Dictionary<int, Item> _items = new()
        {
            [1] = new Item(1, "keyboard"),
            [2] = new Item(2, "mouse"),
        };

        public Item? Find(int id) => _items.GetValueOrDefault(id);

        public int Price(int id) => Compute(id) + 1;

        private static int Compute(int id) => id * 100;

        public string Explode() => throw new InvalidOperationException("the catalog exploded");
    }
}
