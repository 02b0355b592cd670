namespace DotnetTelemetry.Agent.Resources;

internal enum CloudProvider
{
    None,
    Aws,
    Gcp,
    Azure,
}

/// <summary>
/// What the machine itself says about the cloud it runs on: DMI identification files (virtual machines)
/// and the environment variables each provider's managed platforms set. Reads local files only.
/// </summary>
internal readonly record struct CloudEvidence(CloudProvider Provider, string? Platform)
{
    /// <summary>Azure writes this asset tag into the chassis of every VM.</summary>
    private const string AzureChassisAssetTag = "7783-7084-3265-9085-8269-3286-77";

    public static CloudEvidence Gather(string dmiDirectory, Func<string, string?> getVariable)
    {
        bool Has(string name) => !string.IsNullOrWhiteSpace(getVariable(name));

        // Managed platforms first: their environment variables are definite.
        if (Has("AWS_LAMBDA_FUNCTION_NAME"))
        {
            return new(CloudProvider.Aws, "aws_lambda");
        }
        if (Has("ECS_CONTAINER_METADATA_URI_V4") || Has("ECS_CONTAINER_METADATA_URI"))
        {
            return new(CloudProvider.Aws, "aws_ecs");
        }
        if (Has("K_SERVICE") && Has("K_REVISION"))
        {
            return new(CloudProvider.Gcp, "gcp_cloud_run");
        }
        if (Has("FUNCTION_TARGET") && Has("K_SERVICE"))
        {
            return new(CloudProvider.Gcp, "gcp_cloud_functions");
        }
        if (Has("WEBSITE_SITE_NAME"))
        {
            return new(CloudProvider.Azure, Has("FUNCTIONS_WORKER_RUNTIME") ? "azure_functions" : "azure_app_service");
        }
        if (Has("CONTAINER_APP_NAME"))
        {
            return new(CloudProvider.Azure, "azure_container_apps");
        }

        string vendor = Dmi(dmiDirectory, "sys_vendor") + " " + Dmi(dmiDirectory, "board_vendor") + " " + Dmi(dmiDirectory, "bios_vendor");
        string product = Dmi(dmiDirectory, "product_name") + " " + Dmi(dmiDirectory, "product_version");
        if (vendor.Contains("Amazon", StringComparison.OrdinalIgnoreCase) || product.Contains("amazon", StringComparison.OrdinalIgnoreCase)
            || Dmi(dmiDirectory, "board_asset_tag").StartsWith("i-", StringComparison.Ordinal))
        {
            return new(CloudProvider.Aws, "aws_ec2");
        }
        if (vendor.Contains("Google", StringComparison.OrdinalIgnoreCase) || product.Contains("Google Compute Engine", StringComparison.OrdinalIgnoreCase))
        {
            return new(CloudProvider.Gcp, "gcp_compute_engine");
        }
        // Only the asset tag: "Microsoft Corporation / Virtual Machine" is any Hyper-V guest, on premises too.
        if (Dmi(dmiDirectory, "chassis_asset_tag") == AzureChassisAssetTag)
        {
            return new(CloudProvider.Azure, "azure_vm");
        }
        return new(CloudProvider.None, null);
    }

    private static string Dmi(string directory, string file)
    {
        try
        {
            string path = Path.Combine(directory, file);
            return File.Exists(path) ? File.ReadAllText(path).Trim() : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
