using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Resources;

namespace DotnetTelemetry.Agent.Tests;

/// <summary>Every metadata endpoint here is a loopback fake; DMI files are temp files.</summary>
public class CloudDetectorTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    private static ResourceDetectionOptions Options(TempDirectory dmi, FakeHttpServer server, int timeoutMs = 2000) => new()
    {
        DmiDirectory = dmi.Path,
        AwsMetadataEndpoint = new Uri(server.Url),
        GcpMetadataEndpoint = new Uri(server.Url),
        AzureMetadataEndpoint = new Uri(server.Url),
        CloudTimeout = TimeSpan.FromMilliseconds(timeoutMs),
    };

    [Fact]
    public void No_local_evidence_means_no_request_at_all()
    {
        using var dmi = new TempDirectory();
        dmi.File("sys_vendor", "QEMU");
        dmi.File("product_name", "Standard PC (Q35 + ICH9, 2009)");
        using var server = new FakeHttpServer(_ => (200, "{}"));
        Assert.Null(new CloudDetector(Options(dmi, server), Env()).Detect());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Aws_ec2_uses_imdsv2_token_then_identity_document()
    {
        using var dmi = new TempDirectory();
        dmi.File("sys_vendor", "Amazon EC2");
        using var server = new FakeHttpServer(request => request.Url!.AbsolutePath switch
        {
            "/latest/api/token" when request.HttpMethod == "PUT" => (200, "tok-123"),
            "/latest/dynamic/instance-identity/document" when request.Headers["X-aws-ec2-metadata-token"] == "tok-123" =>
                (200, """{"region":"eu-west-1","availabilityZone":"eu-west-1b","accountId":"123456789012","instanceId":"i-0abc","instanceType":"m5.large"}"""),
            _ => (404, ""),
        });

        var cloud = new CloudDetector(Options(dmi, server), Env()).Detect();

        Assert.NotNull(cloud);
        Assert.Equal("aws", cloud!.Provider);
        Assert.Equal("aws_ec2", cloud.Platform);
        Assert.Equal("eu-west-1", cloud.Region);
        Assert.Equal("eu-west-1b", cloud.AvailabilityZone);
        Assert.Equal("123456789012", cloud.AccountId);
        Assert.Equal("i-0abc", cloud.InstanceId);
        Assert.Equal("m5.large", cloud.MachineType);
        var token = server.Requests.First();
        Assert.Equal("PUT", token.Method);
        Assert.Equal("60", token.Headers["X-aws-ec2-metadata-token-ttl-seconds"]);
    }

    [Fact]
    public void Gcp_reads_the_recursive_metadata_with_the_flavor_header()
    {
        using var dmi = new TempDirectory();
        dmi.File("product_name", "Google Compute Engine");
        using var server = new FakeHttpServer(request =>
            request.Headers["Metadata-Flavor"] == "Google" && request.Url!.AbsolutePath == "/computeMetadata/v1/"
                ? (200, """{"project":{"projectId":"shop-prod"},"instance":{"id":4520031799277581759,"zone":"projects/123/zones/us-central1-a","machineType":"projects/123/machineTypes/e2-medium"}}""")
                : (403, ""));

        var cloud = new CloudDetector(Options(dmi, server), Env()).Detect();

        Assert.Equal("gcp", cloud!.Provider);
        Assert.Equal("gcp_compute_engine", cloud.Platform);
        Assert.Equal("shop-prod", cloud.AccountId);
        Assert.Equal("4520031799277581759", cloud.InstanceId);
        Assert.Equal("us-central1-a", cloud.AvailabilityZone);
        Assert.Equal("us-central1", cloud.Region);
        Assert.Equal("e2-medium", cloud.MachineType);
    }

    [Fact]
    public void Azure_vm_is_recognized_by_its_asset_tag()
    {
        using var dmi = new TempDirectory();
        dmi.File("chassis_asset_tag", "7783-7084-3265-9085-8269-3286-77\n");
        using var server = new FakeHttpServer(request =>
            request.Headers["Metadata"] == "true" && request.Url!.AbsolutePath == "/metadata/instance/compute"
                ? (200, """{"location":"westeurope","zone":"2","subscriptionId":"sub-1","vmId":"vm-9","vmSize":"Standard_D2s_v5"}""")
                : (400, ""));

        var cloud = new CloudDetector(Options(dmi, server), Env()).Detect();

        Assert.Equal("azure", cloud!.Provider);
        Assert.Equal("azure_vm", cloud.Platform);
        Assert.Equal("westeurope", cloud.Region);
        Assert.Equal("2", cloud.AvailabilityZone);
        Assert.Equal("sub-1", cloud.AccountId);
        Assert.Equal("vm-9", cloud.InstanceId);
        Assert.Equal("Standard_D2s_v5", cloud.MachineType);
    }

    [Fact]
    public void Hyper_v_guest_without_azure_tag_is_not_azure()
    {
        using var dmi = new TempDirectory();
        dmi.File("sys_vendor", "Microsoft Corporation");
        dmi.File("product_name", "Virtual Machine");
        using var server = new FakeHttpServer(_ => (200, "{}"));
        Assert.Null(new CloudDetector(Options(dmi, server), Env()).Detect());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Lambda_is_described_from_its_environment_without_requests()
    {
        using var dmi = new TempDirectory();
        using var server = new FakeHttpServer(_ => (200, "{}"));
        var cloud = new CloudDetector(Options(dmi, server), Env(("AWS_LAMBDA_FUNCTION_NAME", "orders"), ("AWS_REGION", "us-east-2"))).Detect();
        Assert.Equal("aws", cloud!.Provider);
        Assert.Equal("aws_lambda", cloud.Platform);
        Assert.Equal("us-east-2", cloud.Region);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void A_silent_endpoint_costs_at_most_the_timeout_and_leaves_the_details_empty()
    {
        using var dmi = new TempDirectory();
        dmi.File("product_name", "Google Compute Engine");
        using var server = new FakeHttpServer(_ =>
        {
            Thread.Sleep(3000);
            return (200, "{}");
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cloud = new CloudDetector(Options(dmi, server, timeoutMs: 200), Env()).Detect();
        watch.Stop();
        Assert.Equal("gcp", cloud!.Provider);
        Assert.Null(cloud.InstanceId);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Error_statuses_and_bad_json_leave_the_details_empty()
    {
        using var dmi = new TempDirectory();
        dmi.File("sys_vendor", "Amazon EC2");
        using var server = new FakeHttpServer(request => request.HttpMethod == "PUT" ? (500, "") : (200, "not json"));
        var cloud = new CloudDetector(Options(dmi, server), Env(("AWS_REGION", "ap-south-1"))).Detect();
        Assert.Equal("aws", cloud!.Provider);
        Assert.Equal("ap-south-1", cloud.Region);
        Assert.Null(cloud.InstanceId);
    }
}
