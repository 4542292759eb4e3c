using System.Text.Json;
using MtaSts.Core.Policies;

namespace MtaSts.Core.Admin;

/// <summary>
/// Reads the admin API's tenant body, <c>{"mode":"testing","mx":["mail.example.com"],"maxAge":86400}</c>, into a
/// <see cref="PolicyDraft"/>, collecting every problem: not JSON, not an object, wrong types, unknown properties
/// (a misspelt <c>max_age</c> must not silently become the default). A draft is returned whenever the body is a
/// JSON object, holding the fields that could be read, so that the validator can add its own findings. The optional
/// automation settings <c>autoPromote</c> (true/false), <c>mxSync</c> (<c>auto</c>/<c>off</c>) and
/// <c>alertWebhooks</c> (at most <see cref="Tenants.TenantAutomation.MaxWebhooks"/> https URLs) are read by
/// <see cref="ReadRequest"/>.
/// </summary>
public static class TenantRequestReader
{
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8 };

    public static (PolicyDraft? Draft, IReadOnlyList<string> Errors) Read(ReadOnlyMemory<byte> body)
    {
        var (draft, _, errors) = ReadRequest(body);
        return (draft, errors);
    }

    /// <summary>The policy draft and the automation settings of a body, and every problem found.</summary>
    public static (PolicyDraft? Draft, AutomationDraft Automation, IReadOnlyList<string> Errors) ReadRequest(ReadOnlyMemory<byte> body)
    {
        if (body.Length == 0)
        {
            return (null, AutomationDraft.None, ["the request body is empty; send a JSON object such as {\"mode\":\"testing\",\"mx\":[\"mail.example.com\"],\"maxAge\":86400}"]);
        }

        if (body.Length > MaxBodyBytes)
        {
            return (null, AutomationDraft.None, [$"the request body is larger than {MaxBodyBytes} bytes"]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException e)
        {
            return (null, AutomationDraft.None, [$"the request body is not valid JSON: {e.Message}"]);
        }

        using (document)
        {
            return ReadObject(document.RootElement);
        }
    }

    private static (PolicyDraft? Draft, AutomationDraft Automation, IReadOnlyList<string> Errors) ReadObject(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, AutomationDraft.None, ["the request body must be a JSON object"]);
        }

        var errors = new List<string>();
        string? mode = null;
        List<string?>? mx = null;
        long? maxAge = null;
        bool? autoPromote = null;
        bool? mxSync = null;
        List<string>? webhooks = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "mode" when property.Value.ValueKind == JsonValueKind.String:
                    mode = property.Value.GetString();
                    break;
                case "mode":
                    errors.Add("mode must be a string: enforce, testing or none");
                    break;
                case "mx" when property.Value.ValueKind == JsonValueKind.Array:
                    mx = ReadMx(property.Value, errors);
                    break;
                case "mx":
                    errors.Add("mx must be an array of host names, e.g. [\"mail.example.com\", \"*.mx.example.net\"]");
                    break;
                case "maxAge" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt64(out var seconds):
                    maxAge = seconds;
                    break;
                case "maxAge" when property.Value.ValueKind == JsonValueKind.Null:
                    break;
                case "maxAge":
                    errors.Add("maxAge must be a whole number of seconds");
                    break;
                case "autoPromote" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    autoPromote = property.Value.GetBoolean();
                    break;
                case "autoPromote":
                    errors.Add("autoPromote must be true or false");
                    break;
                case "mxSync" when property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is "auto" or "off":
                    mxSync = property.Value.GetString() == "auto";
                    break;
                case "mxSync":
                    errors.Add("mxSync must be \"auto\" or \"off\"");
                    break;
                case "alertWebhooks" when property.Value.ValueKind == JsonValueKind.Array:
                    webhooks = ReadWebhooks(property.Value, errors);
                    break;
                case "alertWebhooks":
                    errors.Add("alertWebhooks must be an array of https URLs");
                    break;
                default:
                    errors.Add($"unknown property '{DomainName.Printable(property.Name)}'; the properties are mode, mx, maxAge, autoPromote, mxSync and alertWebhooks");
                    break;
            }
        }

        return (new PolicyDraft(mode, mx, maxAge), new AutomationDraft(autoPromote, mxSync, webhooks), errors);
    }

    private static List<string> ReadWebhooks(JsonElement array, List<string> errors)
    {
        var values = new List<string>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (index >= Tenants.TenantAutomation.MaxWebhooks)
            {
                errors.Add($"alertWebhooks may hold at most {Tenants.TenantAutomation.MaxWebhooks} URLs");
                break;
            }

            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add($"alertWebhooks[{index}] must be a string");
            }
            else if (Alerts.WebhookAddress.TryRead(item.GetString(), out var url, out var problem))
            {
                values.Add(url);
            }
            else
            {
                errors.Add($"alertWebhooks[{index}] {problem}");
            }

            index++;
        }

        return values;
    }

    private static List<string?> ReadMx(JsonElement array, List<string> errors)
    {
        var values = new List<string?>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                values.Add(item.GetString());
            }
            else
            {
                errors.Add($"mx[{index}] must be a string");
            }

            index++;
        }

        return values;
    }
}
