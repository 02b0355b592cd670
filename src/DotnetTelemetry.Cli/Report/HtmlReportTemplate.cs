using System.Text;

namespace DotnetTelemetry.Cli.Report;

/// <summary>
/// The page around the data: report.html with report.css and report.js put inline (the file must open with no
/// network and no other file), and the data JSON streamed in where the template says.
/// </summary>
internal static class HtmlReportTemplate
{
    private const string StylePlaceholder = "/*@report.css@*/";
    private const string ScriptPlaceholder = "/*@report.js@*/";
    private const string DataPlaceholder = "@report-data@";

    public static void Write(Stream output, Action<Stream> writeData)
    {
        string page = Asset("report.html")
            .Replace(StylePlaceholder, Asset("report.css"), StringComparison.Ordinal)
            .Replace(ScriptPlaceholder, Asset("report.js"), StringComparison.Ordinal);
        int data = page.IndexOf(DataPlaceholder, StringComparison.Ordinal);
        if (data < 0) throw new InvalidOperationException("report.html has no data placeholder");
        output.Write(Encoding.UTF8.GetBytes(page[..data]));
        writeData(output);
        output.Write(Encoding.UTF8.GetBytes(page[(data + DataPlaceholder.Length)..]));
    }

    private static string Asset(string name)
    {
        using var stream = typeof(HtmlReportTemplate).Assembly.GetManifestResourceStream($"DotnetTelemetry.Cli.Report.Assets.{name}")
            ?? throw new InvalidOperationException($"the report asset {name} is not embedded in the CLI");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
