using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MtaSts.Core.Admin;
using MtaSts.Core.Dashboard;
using MtaSts.Core.Tests.Support;

namespace MtaSts.Core.Tests.Dashboard;

/// <summary>
/// Share links: a token opens exactly the tenant (and the onboarding of it) it was made for, until it expires, and
/// nothing forged, altered, reused for another domain or signed with another key does. A seeded loop changes random
/// characters of real tokens (<c>MTASTS_SHARE_SEED</c>, <c>MTASTS_SHARE_RUNS</c>, default 500; a failure prints the seed).
/// </summary>
public sealed class ShareLinksTests
{
    private const string Secret = "a-share-secret-of-at-least-32-chars!!";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly InMemoryTenantStore store = new();

    private ShareLinks Links(string? secret = Secret, int maxDays = 30) =>
        new(store, Options.Create(new DashboardOptions { ShareSecret = secret, MaxShareDays = maxDays }), time);

    private async Task<string> TokenAsync(string domain = "example.com", int days = 7)
    {
        var admin = TestServices.Admin(store, time);
        if (await store.GetAsync(domain, default) is null)
        {
            Assert.Equal(AdminOutcome.Created, (await admin.PutAsync(domain, """{"mode":"testing","mx":["mx.example.com"],"maxAge":86400}"""u8.ToArray(), default)).Outcome);
        }

        var (link, outcome, errors) = await Links().CreateAsync(domain, System.Text.Encoding.UTF8.GetBytes($$"""{"days":{{days}}}"""), "https://admin.example.net", default);
        Assert.True(outcome == AdminOutcome.Created, string.Join("; ", errors));
        return link!.Url[(link.Url.LastIndexOf('/') + 1)..];
    }

    [Fact]
    public async Task A_link_opens_its_tenant_until_it_expires_and_never_another()
    {
        var token = await TokenAsync();
        await TokenAsync("other.example");

        Assert.Equal("example.com", (await Links().CheckAsync("example.com", token, default))?.Tenant.Domain);
        Assert.Equal("example.com", (await Links().CheckAsync("EXAMPLE.com.", token, default))?.Tenant.Domain);
        Assert.Null(await Links().CheckAsync("other.example", token, default));
        Assert.Null(await Links(secret: "another-secret-of-at-least-32-chars!!").CheckAsync("example.com", token, default));
        Assert.Null(await Links(secret: null).CheckAsync("example.com", token, default));
        Assert.Null(await Links(maxDays: 6).CheckAsync("example.com", token, default)); // Dashboard:MaxShareDays lowered below the link's life

        time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await Links().CheckAsync("example.com", token, default));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await Links().CheckAsync("example.com", token, default));
    }

    [Fact]
    public async Task A_tenant_deleted_and_added_again_does_not_reopen_old_links()
    {
        var token = await TokenAsync();
        var tenant = (await store.GetAsync("example.com", default))!;
        await store.DeleteAsync(tenant, default);
        Assert.Null(await Links().CheckAsync("example.com", token, default));

        time.Advance(TimeSpan.FromMinutes(1));
        await TokenAsync("other.example"); // any tenant
        await TestServices.Admin(store, time).PutAsync("example.com", """{"mode":"testing","mx":["mx.example.com"],"maxAge":86400}"""u8.ToArray(), default);
        Assert.Null(await Links().CheckAsync("example.com", token, default));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("abc.def.ghi")]
    [InlineData("a+b.c/d")]
    [InlineData("ZXhhbXBsZS5jb20.")]
    public async Task Malformed_tokens_are_refused(string? token)
    {
        await TokenAsync();
        Assert.Null(await Links().CheckAsync("example.com", token, default));
        Assert.Null(await Links().CheckAsync("example.com", new string('A', ShareToken.MaxLength + 1), default));
    }

    [Fact]
    public async Task A_token_with_any_character_changed_is_refused()
    {
        var token = await TokenAsync();
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MTASTS_SHARE_SEED"), out var s) ? s : Environment.TickCount;
        var runs = int.TryParse(Environment.GetEnvironmentVariable("MTASTS_SHARE_RUNS"), out var n) ? n : 500;
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        var random = new Random(seed);
        for (var run = 0; run < runs; run++)
        {
            var position = random.Next(token.Length);
            var character = Alphabet[random.Next(Alphabet.Length)];
            var altered = string.Concat(token.AsSpan(0, position), character.ToString(), token.AsSpan(position + 1));
            Assert.True(
                altered == token || await Links().CheckAsync("example.com", altered, default) is null,
                $"MTASTS_SHARE_SEED={seed} run {run}: changing character {position} of {token} to '{character}' still opens the tenant");
        }
    }

    [Fact]
    public void A_token_cannot_be_made_for_one_domain_and_read_as_another()
    {
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var token = ShareToken.Create(Secret, "example.com", created, created.AddDays(1));
        var claims = ShareToken.Read(Secret, token)!.Value;

        Assert.Equal(("example.com", created.ToUnixTimeMilliseconds(), created.AddDays(1)), claims);
        Assert.Null(ShareToken.Read(Secret + "x", token));
        Assert.Null(ShareToken.Read(Secret, token.Replace('.', '_')));

        // The signature's last character carries two unused bits: a spelling with them set is refused, not read as the same token.
        var last = token[^1];
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var sibling = token[..^1] + Alphabet[(Alphabet.IndexOf(last, StringComparison.Ordinal) & ~3) | ((Alphabet.IndexOf(last, StringComparison.Ordinal) + 1) & 3)];
        Assert.Null(ShareToken.Read(Secret, sibling));
    }

    [Fact]
    public async Task Creating_a_link_says_what_is_wrong()
    {
        await TokenAsync();
        var body = """{"days":7}"""u8.ToArray();

        Assert.Equal(AdminOutcome.Conflict, (await Links(secret: null).CreateAsync("example.com", body, "https://x", default)).Outcome);
        Assert.Equal(AdminOutcome.Conflict, (await Links(secret: "short").CreateAsync("example.com", body, "https://x", default)).Outcome);
        Assert.Equal(AdminOutcome.Conflict, (await Links(secret: "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/s)").CreateAsync("example.com", body, "https://x", default)).Outcome);
        Assert.Equal(AdminOutcome.NotFound, (await Links().CreateAsync("nobody.example", body, "https://x", default)).Outcome);
        Assert.Equal(AdminOutcome.Invalid, (await Links().CreateAsync("not a domain", body, "https://x", default)).Outcome);
        Assert.Equal(AdminOutcome.Invalid, (await Links(maxDays: 5).CreateAsync("example.com", body, "https://x", default)).Outcome);
        Assert.Equal(AdminOutcome.Invalid, (await Links().CreateAsync("example.com", new byte[ShareLinks.MaxBodyBytes + 1], "https://x", default)).Outcome);
        Assert.Equal(AdminOutcome.Invalid, (await Links().CreateAsync("example.com", "{\"days\":7.5}"u8.ToArray(), "https://x", default)).Outcome);

        var links = new ShareLinks(store, Options.Create(new DashboardOptions { ShareSecret = Secret, PublicUrl = "https://dash.example.net/" }), time);
        Assert.StartsWith("https://dash.example.net/shared/#/share/example.com/", (await links.CreateAsync("example.com", body, "https://ignored", default)).Link!.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Days_from_one_to_the_limit_are_taken_and_a_body_up_to_its_bound()
    {
        await TokenAsync();
        foreach (var days in new[] { 1, 30 })
        {
            var (link, outcome, _) = await Links().CreateAsync("example.com", System.Text.Encoding.UTF8.GetBytes($$"""{"days":{{days}}}"""), "https://x", default);
            Assert.Equal(AdminOutcome.Created, outcome);
            Assert.NotNull(await Links().CheckAsync("example.com", link!.Url[(link.Url.LastIndexOf('/') + 1)..], default)); // a link of exactly MaxShareDays is within it
        }

        var padded = System.Text.Encoding.UTF8.GetBytes("""{"days":7}""".PadRight(ShareLinks.MaxBodyBytes));
        Assert.Equal(AdminOutcome.Created, (await Links().CreateAsync("example.com", padded, "https://x", default)).Outcome);
        foreach (var body in new[] { "[7]", "7", """{"days":7,"x":1}""", """{"days":31}""", """{"days":0}""", "{" })
        {
            Assert.Equal(AdminOutcome.Invalid, (await Links().CreateAsync("example.com", System.Text.Encoding.UTF8.GetBytes(body), "https://x", default)).Outcome);
        }
    }

    [Fact]
    public async Task An_unresolved_Key_Vault_reference_is_named_as_such()
    {
        await TokenAsync();
        var body = """{"days":7}"""u8.ToArray();

        var reference = (await Links(secret: "@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/s)").CreateAsync("example.com", body, "https://x", default)).Errors.Single();
        var unset = (await Links(secret: null).CreateAsync("example.com", body, "https://x", default)).Errors.Single();

        Assert.StartsWith("share links are off: App Service has not resolved the Key Vault reference in Dashboard:ShareSecret", reference, StringComparison.Ordinal);
        Assert.StartsWith("share links are off: set Dashboard:ShareSecret to a random key of at least 32 characters", unset, StringComparison.Ordinal);
        Assert.Equal("no tenant 'nobody.example'", (await Links().CreateAsync("nobody.example", body, "https://x", default)).Errors.Single());
        Assert.Equal("""send {"days": N} with N a whole number from 1 to 30 (Dashboard:MaxShareDays)""", (await Links().CreateAsync("example.com", "{}"u8.ToArray(), "https://x", default)).Errors.Single());
        Assert.Throws<ArgumentException>(() => ShareToken.Create(string.Empty, "example.com", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
        Assert.Throws<ArgumentException>(() => ShareToken.Create(Secret, string.Empty, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));
        Assert.Throws<ArgumentException>(() => ShareToken.Read(string.Empty, "a.b"));
    }

    [Theory]
    [InlineData(null, 30, 30, null, 0)]
    [InlineData("short", 30, 30, null, 1)]
    [InlineData("@Microsoft.KeyVault(SecretUri=https://v.vault.azure.net/secrets/s)", 30, 30, null, 0)]
    [InlineData(null, 0, 30, null, 1)]
    [InlineData(null, 366, 30, null, 1)]
    [InlineData(null, 30, 91, null, 1)]
    [InlineData(null, 30, 30, "https://dash.example.net", 0)]
    [InlineData(null, 30, 30, "https://dash.example.net/path", 1)]
    [InlineData(null, 30, 30, "ftp://dash.example.net", 1)]
    [InlineData(null, 30, 30, "dash.example.net", 1)]
    public void Settings_are_checked_at_start(string? secret, int maxDays, int reportDays, string? publicUrl, int problems)
    {
        Assert.Equal(problems, new DashboardOptions { ShareSecret = secret, MaxShareDays = maxDays, ReportDays = reportDays, PublicUrl = publicUrl }.Problems().Count());
    }
}
