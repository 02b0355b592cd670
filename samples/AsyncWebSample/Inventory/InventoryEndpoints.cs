namespace AsyncWebSample.Inventory;

public static class InventoryEndpoints
{
    /// <summary>GET /inventory/{sku}: a minimal API with an async lambda.</summary>
    public static IEndpointRouteBuilder MapInventoryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/inventory/{sku}", async (string sku, InventoryService inventory, CancellationToken cancellation) =>
            Results.Ok(await inventory.GetStockAsync(sku, cancellation)));
        return app;
    }
}
