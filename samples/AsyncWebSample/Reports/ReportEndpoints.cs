namespace AsyncWebSample.Reports;

public static class ReportEndpoints
{
    /// <summary>GET /reports/daily: a minimal API whose handler is a method, not a lambda.</summary>
    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/daily", GetDailyReport);
        return app;
    }

    private static async Task<DailyReport> GetDailyReport(ReportService reports, CancellationToken cancellation)
        => await reports.BuildDailyReportAsync(cancellation);
}
