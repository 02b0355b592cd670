using YamlDotNet.RepresentationModel;

namespace DotnetTelemetry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// container/k8s/deployment.yaml, parsed and checked for the shape the README promises: one init container from the
/// agent's image, given one argument (where to copy the home: its emptyDir mount), the app container mounting the
/// same emptyDir, switched on by DOTNET_STARTUP_HOOKS alone, plus only variables the agent's Kubernetes detector
/// reads, and the downward-API labels file where the agent looks by default.
/// </summary>
public sealed class KubernetesManifest
{
    public required string InitImage { get; init; }
    public required string InitMountPath { get; init; }
    public required IReadOnlyList<string> InitArgs { get; init; }
    public required string AppMountPath { get; init; }
    public required string StartupHooks { get; init; }
    public required IReadOnlyList<string> DownwardVariables { get; init; }

    public static KubernetesManifest Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }
        var root = (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
        Assert.Equal("Deployment", Scalar(root, "kind"));
        var pod = Map(Map(Map(root, "spec"), "template"), "spec");

        var volumes = Seq(pod, "volumes").Cast<YamlMappingNode>().ToList();
        string volume = Scalar(Assert.Single(volumes, v => v.Children.ContainsKey("emptyDir")), "name");
        var podinfo = Assert.Single(volumes, v => v.Children.ContainsKey("downwardAPI"));

        var init = (YamlMappingNode)Assert.Single(Seq(pod, "initContainers"));
        Assert.False(init.Children.ContainsKey("command"), "the init container must use the image's entrypoint");
        var initArgs = Seq(init, "args").Select(a => ((YamlScalarNode)a).Value!).ToList();
        string initMount = MountPath(init, volume);
        Assert.Equal(new[] { initMount }, initArgs);

        var app = (YamlMappingNode)Assert.Single(Seq(pod, "containers"));
        string appMount = MountPath(app, volume);
        var env = Seq(app, "env").Cast<YamlMappingNode>().ToList();
        var names = env.Select(e => Scalar(e, "name")).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        string hooks = Scalar(Assert.Single(env, e => Scalar(e, "name") == "DOTNET_STARTUP_HOOKS"), "value");

        // Every other variable is one the agent's Kubernetes detector reads (its source names it).
        string detector = File.ReadAllText(Path.Combine(Artifacts.RepositoryRoot, "src", "DotnetTelemetry.Agent", "Resources", "KubernetesDetector.cs"));
        var downward = names.Where(n => n != "DOTNET_STARTUP_HOOKS").ToList();
        Assert.NotEmpty(downward);
        Assert.All(downward, n => Assert.Contains($"\"{n}\"", detector));

        // The labels file: mounted where the agent reads it unless told otherwise (DOTNET_TELEMETRY_K8S_LABELS_FILE).
        string podinfoMount = MountPath(app, Scalar(podinfo, "name"));
        string labelsItem = Scalar((YamlMappingNode)Assert.Single(Seq(Map(podinfo, "downwardAPI"), "items")), "path");
        string defaults = string.Concat(Directory.GetFiles(Path.Combine(Artifacts.RepositoryRoot, "src", "DotnetTelemetry.Agent"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.Contains($"\"{podinfoMount}/{labelsItem}\"", defaults);

        return new KubernetesManifest
        {
            InitImage = Scalar(init, "image"),
            InitMountPath = initMount,
            InitArgs = initArgs,
            AppMountPath = appMount,
            StartupHooks = hooks,
            DownwardVariables = downward,
        };
    }

    private static string MountPath(YamlMappingNode container, string volume) =>
        Scalar((YamlMappingNode)Assert.Single(Seq(container, "volumeMounts"), m => Scalar((YamlMappingNode)m, "name") == volume), "mountPath");

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static YamlSequenceNode Seq(YamlMappingNode node, string key) => (YamlSequenceNode)node.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;
}
