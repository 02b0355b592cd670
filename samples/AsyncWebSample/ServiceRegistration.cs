using AsyncWebSample.Inventory;
using AsyncWebSample.Orders;
using AsyncWebSample.Reports;

namespace AsyncWebSample;

public static class ServiceRegistration
{
    /// <summary>
    /// Scoped services, as most apps register them (one instance per request), and a typed HttpClient for the
    /// inventory API. The inventory lives in this same app, so its base address defaults to the server's own first
    /// URL (from --urls); a real deployment would point Inventory:BaseUrl at another service.
    /// </summary>
    public static IServiceCollection AddSampleServices(this IServiceCollection services, IConfiguration configuration)
    {
        string inventoryUrl = configuration["Inventory:BaseUrl"]
            ?? configuration["urls"]?.Split(';')[0]
            ?? "http://127.0.0.1:5000";
        services.AddScoped<OrderService>();
        services.AddScoped<PricingService>();
        services.AddScoped<InventoryService>();
        services.AddScoped<ReportService>();
        services.AddHttpClient<InventoryClient>(client => client.BaseAddress = new Uri(inventoryUrl.TrimEnd('/') + "/"));
        return services;
    }
}
