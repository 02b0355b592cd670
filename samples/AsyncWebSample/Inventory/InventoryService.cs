namespace AsyncWebSample.Inventory;

/// <summary>Stock levels from a (simulated) database; a ValueTask API, as hot-path services often have.</summary>
public sealed class InventoryService
{
    private static readonly Dictionary<string, int> Stock = new() { ["keyboard"] = 12, ["monitor"] = 3 };

    public async ValueTask<StockLevel> GetStockAsync(string sku, CancellationToken cancellation)
    {
        await Task.Delay(15, cancellation);
        return new StockLevel(sku, Available(sku));
    }

    private static int Available(string sku) => Stock.GetValueOrDefault(sku);
}
