namespace AsyncWebSample.Orders;

/// <summary>An order as the (in-memory) store keeps it.</summary>
public sealed record Order(int Id, string Sku, int Quantity, bool Shipped);

/// <summary>What GET /orders/{id} answers.</summary>
public sealed record OrderSummary(int Id, string Sku, int Quantity, decimal Total, int InStock, string Status);
