namespace AsyncWebSample.Inventory;

public sealed record StockLevel(string Sku, int Available);

/// <summary>A typed HttpClient (IHttpClientFactory) for the inventory API.</summary>
public sealed class InventoryClient(HttpClient http)
{
    public async Task<int> GetStockAsync(string sku, CancellationToken cancellation)
    {
        var stock = await http.GetFromJsonAsync<StockLevel>($"inventory/{Uri.EscapeDataString(sku)}", cancellation);
        return stock?.Available ?? 0;
    }
}
