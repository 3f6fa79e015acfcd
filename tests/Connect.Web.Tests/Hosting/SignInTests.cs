using Connect.Testing;
using System.Net;
using System.Text.RegularExpressions;
using Connect.Infrastructure.Identity;
using Connect.Infrastructure.Persistence;
using Connect.Infrastructure.Security;
using Connect.Testing.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connect.Web.Tests.Hosting;

/// <summary>First start, forced password change, lockout, roles and store limits, on the running portal.</summary>
public sealed class SignInTests
{
    [Fact]
    public async Task A_fresh_installation_prints_a_one_time_admin_password_that_must_be_changed()
    {
        await using var factory = new ConnectWebFactory { ConfiguredAdmin = false };
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var password = Regex.Match(factory.Console.ToString(), @"password:\s+(\S+)").Groups[1].Value;
        password.ShouldNotBeNullOrEmpty();

        var signIn = await ConnectWebFactory.SignInAsync(client, AdminBootstrapper.GeneratedUserName, password);
        signIn.Headers.Location!.ToString().ShouldContain("account/change-password");

        // Every page sends the user back to the password change until it is done.
        var home = await client.GetAsync("/orders");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.ToString().ShouldBe("/account/change-password");

        var form = await client.GetStringAsync("/account/change-password");
        var change = await client.PostAsync("/account/change-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(form), ["_handler"] = "change-password",
            ["Form.Current"] = password, ["Form.New"] = "MyOwnPassword42", ["Form.Confirm"] = "MyOwnPassword42",
        }));
        change.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/orders")).StatusCode.ShouldBe(HttpStatusCode.OK);
        factory.Console.ToString().ShouldNotContain("MyOwnPassword42");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_with_a_clear_message()
    {
        await using var factory = new ConnectWebFactory();
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++) await ConnectWebFactory.SignInAsync(client, ConnectWebFactory.AdminEmail, "wrong");

        var response = await ConnectWebFactory.SignInAsync(client, ConnectWebFactory.AdminEmail, ConnectWebFactory.AdminPassword);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("locked for 15 minutes");
    }

    [Fact]
    public async Task A_viewer_cannot_open_the_users_page()
    {
        await using var factory = new ConnectWebFactory();
        var admin = factory.Services.GetRequiredService<UserAdministration>();
        (await admin.CreateAsync(new NewUser("viewer", null, Roles.Viewer, [], "Viewer12345x"), TestUsers.Admin())).ShouldBeNull();
        await ClearMustChangeAsync(factory, "viewer");

        var client = await factory.SignedInClientAsync("viewer", "Viewer12345x");
        var users = await client.GetAsync("/users");
        users.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        users.Headers.Location!.ToString().ShouldContain("/account/access-denied");
        (await client.GetAsync("/orders")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Api_keys_are_encrypted_with_keys_kept_in_the_database()
    {
        await using var factory = new ConnectWebFactory();
        var protector = factory.Services.GetRequiredService<ApiKeyProtector>();
        const string key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456";

        var stored = protector.Protect(key);

        stored.ShouldNotContain(key);
        protector.Unprotect(stored).ShouldBe(key);
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        (await db.DataProtectionKeys.CountAsync()).ShouldBeGreaterThan(0);
        Should.Throw<InvalidOperationException>(() => protector.Unprotect("garbage")).Message.ShouldNotContain("garbage");
    }

    private static async Task ClearMustChangeAsync(ConnectWebFactory factory, string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConnectUser>>();
        var user = await users.FindByNameAsync(userName);
        user!.MustChangePassword = false;
        await users.UpdateAsync(user);
    }

    private static string Token(string html) => Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
}

/// <summary>The key ring that encrypts API keys, itself encrypted in the database when a certificate is configured.</summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task With_a_certificate_the_key_ring_is_stored_encrypted()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"connect-keyring-{Guid.NewGuid():N}.pfx");
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                "CN=Connect key ring test", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pfx-pass"));
        }
        try
        {
            await using var factory = new ConnectWebFactory
            {
                Settings = { ["Connect:DataProtection:CertificatePath"] = pfx, ["Connect:DataProtection:CertificatePassword"] = "pfx-pass" },
            };
            var protector = factory.Services.GetRequiredService<ApiKeyProtector>();
            protector.Unprotect(protector.Protect("ABCDEFGHIJKLMNOPQRSTUVWXYZ123456")).ShouldBe("ABCDEFGHIJKLMNOPQRSTUVWXYZ123456");

            await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>().CreateDbContextAsync();
            var stored = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
            stored.ShouldNotBeEmpty();
            stored.ShouldAllBe(xml => xml!.Contains("EncryptedData") && !xml.Contains("<masterKey"));
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task A_certificate_added_later_protects_the_keys_already_stored()
    {
        const string apiKey = "ABCDEFGHIJKLMNOPQRSTUVWXYZ123456";
        var pfx = await CertificateAsync();
        await using var root = new ConnectWebFactory();
        try
        {
            int integrationId;
            await using (var before = root.WithWebHostBuilder(_ => { }))
            {
                var protector = before.Services.GetRequiredService<ApiKeyProtector>();
                await using var db = await before.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>().CreateDbContextAsync();
                var integration = new Connect.Domain.Integrations.Integration("Shop", "PrestaShop", "https://shop.example", (await db.Stores.FirstAsync()).Id, DateTime.UtcNow);
                integration.ReplaceApiKey(protector.Protect(apiKey), apiKey);
                db.Add(integration);
                await db.SaveChangesAsync();
                integrationId = integration.Id;
                (await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync()).ShouldContain(xml => xml!.Contains("<masterKey"));
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            await using var after = root.WithWebHostBuilder(b => b
                .UseSetting("Connect:DataProtection:CertificatePath", pfx).UseSetting("Connect:DataProtection:CertificatePassword", "pfx-pass"));
            var reader = after.Services.GetRequiredService<ApiKeyProtector>();
            await using var check = await after.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>().CreateDbContextAsync();

            var stored = await check.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
            stored.ShouldNotBeEmpty();
            stored.ShouldAllBe(xml => !xml!.Contains("<masterKey"));
            stored.ShouldContain(xml => xml!.Contains("EncryptedData"));
            reader.Unprotect((await check.Integrations.SingleAsync(i => i.Id == integrationId)).ProtectedApiKey).ShouldBe(apiKey);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    [Fact]
    public async Task Outside_Development_the_integrations_page_warns_until_a_certificate_is_set()
    {
        await using var root = new ConnectWebFactory();
        await using var production = root.WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("Hosting:HttpsRedirection", "false"));
        var client = production.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        (await ConnectWebFactory.SignInAsync(client, ConnectWebFactory.AdminEmail, ConnectWebFactory.AdminPassword)).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var page = await client.GetStringAsync("/integrations");

        page.ShouldContain("keyring-warning");
        page.ShouldContain("Connect:DataProtection:CertificatePath");
    }

    private static async Task<string> CertificateAsync()
    {
        var pfx = Path.Combine(Path.GetTempPath(), $"connect-keyring-{Guid.NewGuid():N}.pfx");
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=Connect key ring test", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllBytesAsync(pfx, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "pfx-pass"));
        return pfx;
    }

    [Fact]
    public async Task Without_a_certificate_the_key_ring_is_shared_through_the_database()
    {
        await using var factory = new ConnectWebFactory();
        factory.Services.GetRequiredService<ApiKeyProtector>().Protect("ABCDEFGHIJKLMNOPQRSTUVWXYZ123456");
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<ConnectDbContext>>().CreateDbContextAsync();
        var stored = await db.DataProtectionKeys.Select(k => k.Xml).SingleAsync();
        stored!.ShouldContain("<masterKey"); // readable by whoever reads the database: what the certificate option prevents
    }
}
