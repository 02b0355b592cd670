using System.Runtime.CompilerServices;

namespace AsyncWebSample.Reports;

public sealed record SaleEntry(string Sku, int Quantity);

public sealed record DailyReport(IReadOnlyList<string> Lines, IReadOnlyList<string> Categories);

/// <summary>Builds a report from an async stream of sales (await foreach) and a sync list of categories.</summary>
public sealed class ReportService
{
    private static readonly SaleEntry[] Sales = { new("keyboard", 2), new("monitor", 1), new("keyboard", 1) };

    public async Task<DailyReport> BuildDailyReportAsync(CancellationToken cancellation)
    {
        var lines = new List<string>();
        await foreach (var sale in ReadSalesAsync(cancellation))
        {
            lines.Add(Format(sale));
        }
        var categories = new List<string>();
        foreach (string category in Categories())
        {
            categories.Add(category);
        }
        return new DailyReport(lines, categories);
    }

    /// <summary>One page of sales per 10 ms, as a paged database query would hand them out.</summary>
    private static async IAsyncEnumerable<SaleEntry> ReadSalesAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        foreach (var sale in Sales)
        {
            await Task.Delay(10, cancellation);
            yield return sale;
        }
    }

    private static IEnumerable<string> Categories()
    {
        yield return "keyboards";
        yield return "monitors";
    }

    private static string Format(SaleEntry sale) => $"{sale.Quantity} x {sale.Sku}";
}
