using System.Xml.Linq;

namespace DotnetTelemetry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What <c>./build.sh pack</c> (also run by <c>./build.sh test</c>) writes under artifacts/: the dotnet tool package,
/// the release archive and the OCI image layout, all named with the one version of Directory.Build.props.
/// </summary>
public static class Shipped
{
    private static readonly Lazy<string> ProductVersion = new(ReadVersion);

    /// <summary>Directory.Build.props' &lt;Version&gt;: the version every artifact and every event must carry.</summary>
    public static string Version => ProductVersion.Value;

    public static string ToolPackage => Require(Path.Combine(ArtifactsDirectory, "nupkg", $"dotnet-telemetry.{Version}.nupkg"));

    public static string ReleaseArchive => Require(Path.Combine(ArtifactsDirectory, $"dotnet-telemetry-{Version}-linux-x64.tar.gz"));

    public static string OciLayout
    {
        get
        {
            string layout = Path.Combine(ArtifactsDirectory, "oci");
            Require(Path.Combine(layout, "index.json"));
            return layout;
        }
    }

    /// <summary>The image's static entrypoint as build.sh built it (input of container/make-oci.sh).</summary>
    public static string CopyHomeProgram => Require(Path.Combine(ArtifactsDirectory, "build-copy-home", "copy-home"));

    public static string KubernetesManifest => Require(Path.Combine(Artifacts.RepositoryRoot, "container", "k8s", "deployment.yaml"));

    private static string ArtifactsDirectory => Path.Combine(Artifacts.RepositoryRoot, "artifacts");

    private static string ReadVersion()
    {
        var props = XDocument.Load(Path.Combine(Artifacts.RepositoryRoot, "Directory.Build.props"));
        return props.Descendants("Version").Single().Value.Trim();
    }

    private static string Require(string path) => File.Exists(path)
        ? path
        : throw new InvalidOperationException($"'{path}' is missing: run ./build.sh pack (./build.sh test packs too).");
}
