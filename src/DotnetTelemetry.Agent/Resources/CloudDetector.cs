using System.Text.Json;
using DotnetTelemetry.Agent.Config;
using DotnetTelemetry.Agent.Internal;
using DotnetTelemetry.Schema;

namespace DotnetTelemetry.Agent.Resources;

/// <summary>
/// The cloud block. A metadata endpoint is asked only when local evidence (DMI files, provider environment
/// variables) says the process runs on that provider; endpoints are configurable and every call is bounded
/// by a short timeout. Serverless platforms are described from their environment variables alone.
/// </summary>
internal sealed class CloudDetector(ResourceDetectionOptions options, Func<string, string?> getVariable)
{
    public CloudInfo? Detect()
    {
        var evidence = CloudEvidence.Gather(options.DmiDirectory, getVariable);
        return evidence.Provider switch
        {
            CloudProvider.Aws => DetectAws(evidence),
            CloudProvider.Gcp => DetectGcp(evidence),
            CloudProvider.Azure => DetectAzure(evidence),
            _ => null,
        };
    }

    private CloudInfo DetectAws(CloudEvidence evidence)
    {
        var info = new CloudInfo { Provider = "aws", Platform = evidence.Platform, Region = Variable("AWS_REGION") ?? Variable("AWS_DEFAULT_REGION") };
        if (evidence.Platform != "aws_ec2")
        {
            return info;
        }
        using var client = AgentHttp.CreateClient(options.CloudTimeout);
        // IMDSv2: a session token first, then the instance identity document.
        var tokenRequest = AgentHttp.MarkInternal(new HttpRequestMessage(HttpMethod.Put, new Uri(options.AwsMetadataEndpoint, "latest/api/token")));
        tokenRequest.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "60");
        string? token = Send(client, tokenRequest);
        var documentRequest = AgentHttp.MarkInternal(new HttpRequestMessage(HttpMethod.Get, new Uri(options.AwsMetadataEndpoint, "latest/dynamic/instance-identity/document")));
        if (token is not null)
        {
            documentRequest.Headers.Add("X-aws-ec2-metadata-token", token);
        }
        using var document = ParseJson(Send(client, documentRequest));
        if (document is not null)
        {
            var root = document.RootElement;
            info.Region = Text(root, "region") ?? info.Region;
            info.AvailabilityZone = Text(root, "availabilityZone");
            info.AccountId = Text(root, "accountId");
            info.InstanceId = Text(root, "instanceId");
            info.MachineType = Text(root, "instanceType");
        }
        return info;
    }

    private CloudInfo DetectGcp(CloudEvidence evidence)
    {
        var info = new CloudInfo { Provider = "gcp", Platform = evidence.Platform, AccountId = Variable("GOOGLE_CLOUD_PROJECT") };
        using var client = AgentHttp.CreateClient(options.CloudTimeout);
        var request = AgentHttp.MarkInternal(new HttpRequestMessage(HttpMethod.Get, new Uri(options.GcpMetadataEndpoint, "computeMetadata/v1/?recursive=true")));
        request.Headers.Add("Metadata-Flavor", "Google");
        using var document = ParseJson(Send(client, request));
        if (document is not null)
        {
            var root = document.RootElement;
            if (root.TryGetProperty("project", out var project))
            {
                info.AccountId = Text(project, "projectId") ?? info.AccountId;
            }
            if (root.TryGetProperty("instance", out var instance))
            {
                info.InstanceId = Text(instance, "id");
                info.AvailabilityZone = LastSegment(Text(instance, "zone"));
                info.MachineType = LastSegment(Text(instance, "machineType"));
                info.Region = RegionOfZone(info.AvailabilityZone) ?? LastSegment(Text(instance, "region"));
            }
        }
        return info;
    }

    private CloudInfo DetectAzure(CloudEvidence evidence)
    {
        var info = new CloudInfo { Provider = "azure", Platform = evidence.Platform, Region = Variable("REGION_NAME") ?? Variable("LOCATION") };
        if (evidence.Platform != "azure_vm")
        {
            return info;
        }
        using var client = AgentHttp.CreateClient(options.CloudTimeout);
        var request = AgentHttp.MarkInternal(new HttpRequestMessage(HttpMethod.Get, new Uri(options.AzureMetadataEndpoint, "metadata/instance/compute?api-version=2021-12-13&format=json")));
        request.Headers.Add("Metadata", "true");
        using var document = ParseJson(Send(client, request));
        if (document is not null)
        {
            var root = document.RootElement;
            info.Region = Text(root, "location") ?? info.Region;
            info.AvailabilityZone = Text(root, "zone");
            info.AccountId = Text(root, "subscriptionId");
            info.InstanceId = Text(root, "vmId");
            info.MachineType = Text(root, "vmSize");
        }
        return info;
    }

    /// <summary>The response body on 2xx; null on anything else (timeout, refused, error status).</summary>
    private static string? Send(HttpClient client, HttpRequestMessage request)
    {
        try
        {
            using (request)
            using (var response = client.Send(request))
            {
                if (!response.IsSuccessStatusCode)
                {
                    return null;
                }
                using var reader = new StreamReader(response.Content.ReadAsStream());
                return reader.ReadToEnd();
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    private static JsonDocument? ParseJson(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => string.IsNullOrEmpty(value.GetString()) ? null : value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static string? LastSegment(string? path) => path is null ? null : path[(path.LastIndexOf('/') + 1)..];

    /// <summary>GCP zones are <c>&lt;region&gt;-&lt;letter&gt;</c>.</summary>
    private static string? RegionOfZone(string? zone)
    {
        int dash = zone?.LastIndexOf('-') ?? -1;
        return dash > 0 ? zone![..dash] : null;
    }

    private string? Variable(string name) => string.IsNullOrWhiteSpace(getVariable(name)) ? null : getVariable(name)!.Trim();
}
