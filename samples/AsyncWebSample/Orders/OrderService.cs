using AsyncWebSample.Inventory;

namespace AsyncWebSample.Orders;

/// <summary>Looks orders up, prices them, asks the inventory API for stock: async services awaiting each other.</summary>
public sealed class OrderService(PricingService pricing, InventoryClient inventory)
{
    private static readonly Dictionary<int, Order> Orders = new()
    {
        [1] = new Order(1, "keyboard", 2, Shipped: false),
        [2] = new Order(2, "monitor", 1, Shipped: true),
    };

    public async Task<OrderSummary?> GetOrderAsync(int id, CancellationToken cancellation)
    {
        if (Find(id) is not { } order)
        {
            return null;
        }
        decimal total = await pricing.QuoteAsync(order.Sku, order.Quantity, cancellation);
        int inStock = await inventory.GetStockAsync(order.Sku, cancellation);
        return Summarize(order, total, inStock);
    }

    /// <summary>Throws after its await when the order has shipped (the caller decides what the client sees).</summary>
    public async Task CancelOrderAsync(int id)
    {
        await Task.Delay(20); // the order store
        var order = Find(id) ?? throw new KeyNotFoundException($"no order {id}");
        if (order.Shipped)
        {
            throw new InvalidOperationException($"order {id} has already shipped");
        }
    }

    private static Order? Find(int id) => Orders.GetValueOrDefault(id);

    private static OrderSummary Summarize(Order order, decimal total, int inStock)
        => new(order.Id, order.Sku, order.Quantity, total, inStock, order.Shipped ? "shipped" : "open");
}
