using System.Security.Cryptography;
using System.Text.Json;
using DotnetTelemetry.EndToEnd.Tests.Infrastructure;

namespace DotnetTelemetry.EndToEnd.Tests;

/// <summary>
/// The OCI image layout (container/make-oci.sh, artifacts/oci/): byte-identical from the same inputs, consistent
/// (every digest and size matches its blob), labelled with the product version; unpacked by umoci, an independent
/// implementation of the image spec, its entrypoint run in a private root as Kubernetes would run the init
/// container of container/k8s/deployment.yaml; and the copied home then instruments the console sample through
/// DOTNET_STARTUP_HOOKS alone.
/// </summary>
public class OciImageTests
{
    [Fact]
    public void The_layout_is_reproducible_consistent_and_carries_the_version()
    {
        using var agent = new AgentEnvironment();
        string again = Path.Combine(agent.Directory, "oci");
        Run("bash", Path.Combine(Artifacts.RepositoryRoot, "container", "make-oci.sh"),
            Artifacts.AgentHome, Shipped.CopyHomeProgram, Shipped.Version, again);
        AssertSameTree(Shipped.OciLayout, again);

        string layout = Shipped.OciLayout;
        Assert.Equal("1.0.0", Json(Path.Combine(layout, "oci-layout")).GetProperty("imageLayoutVersion").GetString());
        var index = Json(Path.Combine(layout, "index.json"));
        var entry = Assert.Single(index.GetProperty("manifests").EnumerateArray());
        Assert.Equal(Shipped.Version, entry.GetProperty("annotations").GetProperty("org.opencontainers.image.ref.name").GetString());
        var manifest = Blob(layout, entry, "application/vnd.oci.image.manifest.v1+json");
        var config = Blob(layout, manifest.GetProperty("config"), "application/vnd.oci.image.config.v1+json");
        var layer = Assert.Single(manifest.GetProperty("layers").EnumerateArray());
        string layerPath = BlobPath(layout, layer, "application/vnd.oci.image.layer.v1.tar+gzip");

        Assert.Equal("amd64", config.GetProperty("architecture").GetString());
        Assert.Equal("linux", config.GetProperty("os").GetString());
        Assert.Equal(new[] { "/copy-home", "/opt/dotnet-telemetry" },
            config.GetProperty("config").GetProperty("Entrypoint").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(Shipped.Version, config.GetProperty("config").GetProperty("Labels").GetProperty("org.opencontainers.image.version").GetString());
        Assert.Equal(Shipped.Version, manifest.GetProperty("annotations").GetProperty("org.opencontainers.image.version").GetString());
        // The config names the layer by its uncompressed digest (diff id).
        string diffId = Run("sh", "-c", "gzip -dc \"$0\" | sha256sum", layerPath).Stdout.Split(' ')[0];
        Assert.Equal("sha256:" + diffId, Assert.Single(config.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray()).GetString());

        // The layer: root-owned, the home under opt/dotnet-telemetry, the static entrypoint at the root.
        var listing = Run("tar", "-tzvf", layerPath).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(listing, line => Assert.Contains(" 0/0 ", line));
        Assert.Contains(listing, line => line.StartsWith("-rwxr-xr-x") && line.EndsWith(" copy-home"));
        Assert.Contains(listing, line => line.EndsWith(" opt/dotnet-telemetry/startup-hook/DotnetTelemetry.StartupHook.dll"));
        Assert.Contains(listing, line => line.EndsWith(" opt/dotnet-telemetry/agent/net10.0/DotnetTelemetry.Agent.dll"));
        Assert.Contains(listing, line => line.EndsWith(" opt/dotnet-telemetry/native-shim/libdotnet_telemetry_shim.so"));
        Assert.Contains(listing, line => line.EndsWith(" opt/dotnet-telemetry/cli/dotnet-telemetry.dll"));
    }

    [Fact]
    public void Umoci_unpacks_it_and_the_init_container_of_the_kubernetes_manifest_copies_a_working_home()
    {
        // unshare/chroot and umoci's unpack need root; CI runs as root. Anywhere else this fails rather than skips.
        string uid = Run("id", "-u").Stdout.Trim();
        Assert.True(uid == "0", $"OciImageTests must run as root (uid {uid}): umoci unpack and the private root (unshare, chroot) need it");
        Assert.True(ProcessRunner.Run("sh", new[] { "-c", "command -v umoci" }).ExitCode == 0,
            "umoci is missing: ./build.sh test installs it with apt-get (Debian package umoci)");

        using var agent = new AgentEnvironment();
        var deployment = KubernetesManifest.Load(Shipped.KubernetesManifest);
        Assert.Equal(Shipped.Version, deployment.InitImage[(deployment.InitImage.LastIndexOf(':') + 1)..]);

        // A copy of the layout, so that nothing umoci writes can touch artifacts/oci.
        string layout = Path.Combine(agent.Directory, "oci");
        Run("cp", "-a", Shipped.OciLayout, layout);
        string bundle = Path.Combine(agent.Directory, "bundle");
        Run("umoci", "unpack", "--image", $"{layout}:{Shipped.Version}", bundle);
        string rootfs = Path.Combine(bundle, "rootfs");
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "config.json")));
        string[] entrypoint = runtimeConfig.RootElement.GetProperty("process").GetProperty("args")
            .EnumerateArray().Select(a => a.GetString()!).ToArray();
        Assert.Equal(new[] { "/copy-home", "/opt/dotnet-telemetry" }, entrypoint);

        // The init container: the emptyDir mounted at its mountPath in a private root holding nothing but the image,
        // the entrypoint given the manifest's one argument.
        string volume = Path.Combine(agent.Directory, "emptydir");
        Directory.CreateDirectory(volume);
        var init = Run("unshare", new[] { "--mount", "--fork", "bash", "-c",
            "mkdir -p \"$2$3\" && mount --bind \"$1\" \"$2$3\" && exec chroot \"$2\" \"${@:4}\"", "_",
            volume, rootfs, deployment.InitMountPath }.Concat(entrypoint).Concat(deployment.InitArgs).ToArray());
        Assert.Contains("copied", init.Stdout);
        // The volume now holds exactly the image's home, file for file.
        AssertSameTree(Path.Combine(rootfs, "opt", "dotnet-telemetry"), volume);

        // The app container sees the volume at its own mountPath; DOTNET_STARTUP_HOOKS must point into it.
        Assert.StartsWith(deployment.AppMountPath + "/", deployment.StartupHooks);
        string hookInVolume = Path.Combine(volume, deployment.StartupHooks[(deployment.AppMountPath.Length + 1)..]);
        Assert.True(File.Exists(hookInVolume), $"{deployment.StartupHooks} is not in the copied home ({hookInVolume})");
        Assert.True(File.Exists(Path.Combine(volume, "native-shim", "libdotnet_telemetry_shim.so")));
        Assert.Equal(File.ReadAllBytes(Artifacts.StartupHook), File.ReadAllBytes(hookInVolume));

        // Only DOTNET_STARTUP_HOOKS switches the agent on (events to stdout, the default); the downward-API variables
        // of the manifest, given values, end up in every event's k8s block. The fence keeps detection off the machine.
        var environment = agent.Fence();
        environment["DOTNET_STARTUP_HOOKS"] = hookInVolume;
        foreach (string name in deployment.DownwardVariables)
        {
            environment[name] = name == "K8S_CPU_LIMIT" ? "1" : name.Contains("MEMORY") ? "256Mi" : name.Contains("CPU") ? "250m" : "value-of-" + name;
        }
        var app = ProcessRunner.RunDotnet(Artifacts.ConsoleSample, Array.Empty<string>(), environment);
        Assert.True(app.ExitCode == 0, app.ToString());
        var log = EventLog.Parse(app.Stdout.Split('\n').Where(line => line.StartsWith("{\"")));
        SchemaCheck.AllValid(log);
        Assert.Contains(log.Events, e => e.Str("event_type") == "http_request");
        Assert.Contains(log.Events, e => e.Str("event_type") == "exception_entry");
        // Function events too, from that one variable: the hook attaches the shim copied along with it.
        Assert.Contains(log.Events, e => e.Str("event_type") == "function_entry" && e.Str("function_name") == "Program.Main");
        Assert.All(log.Events, e =>
        {
            Assert.Equal(Shipped.Version, e.Str("resource", "telemetry_sdk_version"));
            Assert.Equal("value-of-K8S_POD_NAME", e.Str("k8s", "pod_name"));
            Assert.Equal("value-of-K8S_NODE_NAME", e.Str("k8s", "node_name"));
        });
    }

    private static void AssertSameTree(string expected, string actual)
    {
        static string[] Files(string root) => Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Files(expected), Files(actual));
        foreach (string file in Files(expected))
        {
            Assert.True(File.ReadAllBytes(Path.Combine(expected, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, file))),
                $"{file} differs from one packing to the next");
        }
    }

    /// <summary>A descriptor's blob: its media type as expected, its size and sha256 what the descriptor says.</summary>
    private static string BlobPath(string layout, JsonElement descriptor, string mediaType)
    {
        Assert.Equal(mediaType, descriptor.GetProperty("mediaType").GetString());
        string digest = descriptor.GetProperty("digest").GetString()!;
        Assert.StartsWith("sha256:", digest);
        string path = Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(descriptor.GetProperty("size").GetInt64(), bytes.LongLength);
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
        return path;
    }

    private static JsonElement Blob(string layout, JsonElement descriptor, string mediaType)
    {
        var blob = Json(BlobPath(layout, descriptor, mediaType));
        if (blob.TryGetProperty("mediaType", out var declared))
        {
            Assert.Equal(mediaType, declared.GetString());
        }
        return blob;
    }

    private static JsonElement Json(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.Clone();
    }

    private static ProcessResult Run(string program, params string[] arguments)
    {
        var result = ProcessRunner.Run(program, arguments, timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {result}");
        return result;
    }
}
