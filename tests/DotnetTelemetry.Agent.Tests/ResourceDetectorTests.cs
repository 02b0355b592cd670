using System.Reflection;
using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Resources;

namespace DotnetTelemetry.Agent.Tests;

public class ResourceDetectorTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    [Fact]
    public void Service_name_prefers_the_variable_then_attributes_then_the_entry_assembly()
    {
        var assembly = typeof(ResourceDetectorTests).Assembly;
        Assert.Equal("checkout", ServiceDetector.Detect("checkout", new KeyValuePair<string, string>[] { new("service.name", "other") }, assembly).Name);
        Assert.Equal("other", ServiceDetector.Detect(null, new KeyValuePair<string, string>[] { new("service.name", "other") }, assembly).Name);
        var fromAssembly = ServiceDetector.Detect(null, Array.Empty<KeyValuePair<string, string>>(), assembly);
        Assert.Equal("DotnetTelemetry.Agent.Tests", fromAssembly.Name);
        Assert.Equal(assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion, fromAssembly.Version);
        Assert.False(string.IsNullOrEmpty(fromAssembly.InstanceId));
    }

    [Fact]
    public void Environment_comes_from_attributes_then_dotnet_then_aspnetcore()
    {
        var none = Array.Empty<KeyValuePair<string, string>>();
        Assert.Equal("prod", ServiceDetector.DetectEnvironment(new KeyValuePair<string, string>[] { new("deployment.environment.name", "prod") },
            Env(("DOTNET_ENVIRONMENT", "Staging"))));
        Assert.Equal("Staging", ServiceDetector.DetectEnvironment(none, Env(("DOTNET_ENVIRONMENT", "Staging"), ("ASPNETCORE_ENVIRONMENT", "Development"))));
        Assert.Equal("Development", ServiceDetector.DetectEnvironment(none, Env(("ASPNETCORE_ENVIRONMENT", "Development"))));
        Assert.Null(ServiceDetector.DetectEnvironment(none, Env()));
    }

    [Fact]
    public void Detect_fills_every_local_block_and_keeps_unmapped_attributes()
    {
        using var dir = new TempDirectory();
        var config = new AgentConfig
        {
            ServiceName = "orders",
            ResourceAttributes = new KeyValuePair<string, string>[] { new("service.version", "1.2.3"), new("team", "payments"), new("deployment.environment.name", "qa") },
            Detection = new ResourceDetectionOptions
            {
                DmiDirectory = dir.Path,
                KubernetesNamespaceFile = dir.Combine("none"),
                KubernetesLabelsFile = dir.Combine("none"),
                CgroupRoot = dir.Combine("none"),
            },
        };
        var resource = new ResourceDetector(config, Env()).Detect();

        Assert.Equal("orders", resource.Service.Name);
        Assert.Equal("1.2.3", resource.Service.Version);
        Assert.Equal("qa", resource.Environment);
        Assert.Equal(Environment.ProcessId, resource.Process.Pid);
        Assert.False(string.IsNullOrEmpty(resource.Process.CommandLine));
        Assert.Equal(Environment.MachineName, resource.Host.Name);
        Assert.Equal("linux", resource.Runtime.OsType);
        Assert.Equal(Environment.Version.ToString(), resource.Runtime.RuntimeVersion);
        Assert.Equal("dotnet-telemetry", resource.Runtime.TelemetrySdkName);
        Assert.Matches(@"^\d+\.\d+\.\d+", resource.Runtime.TelemetrySdkVersion);
        Assert.Null(resource.Kubernetes);
        Assert.Null(resource.Cloud);
        Assert.Equal(new KeyValuePair<string, string>[] { new("team", "payments") }, resource.ExtraAttributes);
    }

    [Fact]
    public void The_cloud_block_comes_as_a_new_copy_and_leaves_the_local_one_alone()
    {
        using var dir = new TempDirectory();
        dir.File("dmi/sys_vendor", "Amazon EC2");
        using var server = new FakeHttpServer(request => request.HttpMethod == "PUT" ? (200, "t") : (200, """{"region":"us-west-2","instanceId":"i-1"}"""));
        var config = new AgentConfig
        {
            ResourceAttributes = new KeyValuePair<string, string>[] { new("team", "a") },
            Detection = new ResourceDetectionOptions
            {
                DmiDirectory = dir.Combine("dmi"),
                KubernetesNamespaceFile = dir.Combine("none"),
                KubernetesLabelsFile = dir.Combine("none"),
                CgroupRoot = dir.Combine("none"),
                AwsMetadataEndpoint = new Uri(server.Url),
                CloudTimeout = TimeSpan.FromSeconds(5),
            },
        };
        var detector = new ResourceDetector(config, Env());
        var local = detector.DetectLocal();
        Assert.Null(local.Cloud);

        var withCloud = detector.AddCloud(local);

        Assert.NotNull(withCloud);
        Assert.NotSame(local, withCloud);
        Assert.Null(local.Cloud);
        Assert.Equal("us-west-2", withCloud!.Cloud!.Region);
        Assert.Same(local.Service, withCloud.Service);
        Assert.Equal(local.ExtraAttributes, withCloud.ExtraAttributes);
        Assert.Null(new ResourceDetector(config with { Detection = config.Detection with { CloudDetection = false } }, Env()).AddCloud(local));
    }
}
