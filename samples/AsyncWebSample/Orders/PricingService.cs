namespace AsyncWebSample.Orders;

/// <summary>Prices from a (simulated) remote price list that takes 40 ms to answer.</summary>
public sealed class PricingService
{
    private static readonly Dictionary<string, decimal> UnitPrices = new() { ["keyboard"] = 49.90m, ["monitor"] = 189.00m };

    public async Task<decimal> QuoteAsync(string sku, int quantity, CancellationToken cancellation)
    {
        await Task.Delay(40, cancellation);
        decimal unitPrice = UnitPrices.GetValueOrDefault(sku);
        return ApplyDiscount(unitPrice * quantity, quantity);
    }

    private static decimal ApplyDiscount(decimal amount, int quantity) => quantity >= 2 ? Math.Round(amount * 0.95m, 2) : amount;
}
