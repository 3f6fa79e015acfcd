using Connect.Infrastructure.Integrations;
using Connect.Infrastructure.Integrations.PrestaShop;
using Connect.Infrastructure.Security;
using Connect.PrestaShop.Simulator;
using Microsoft.AspNetCore.DataProtection;

namespace Connect.Infrastructure.Tests.Integrations;

/// <summary>The connection test and the mapping lists, against the simulator in every version profile and fault mode.</summary>
public sealed class PrestaShopPlatformTests
{
    private static PrestaShopPlatform Platform(TimeSpan? timeout = null) =>
        new(new PrestaShopClientFactory(null!, new ApiKeyProtector(new EphemeralDataProtectionProvider()), new PrestaShopClientSettings
        {
            InteractiveTimeout = timeout ?? TimeSpan.FromSeconds(30),
            RetryCount = 0,
            RetryBaseDelay = TimeSpan.Zero,
        }));

    private static ShopConnection Connection(SimulatedShop shop, string? key = null) => new(shop.BaseUrl.ToString(), key ?? shop.ApiKey);

    [Theory]
    [InlineData("1.5", "1.5")]
    [InlineData("1.6", "1.6")]
    [InlineData("1.7", "1.7")]
    [InlineData("8", "8.")]
    [InlineData("9", "9.")]
    public async Task Healthy_shop_of_every_version_passes_with_its_version_and_shop_name(string version, string versionPrefix)
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = version });

        var report = await Platform().TestConnectionAsync(Connection(shop));

        report.Blocking.ShouldBeEmpty();
        report.Warnings.ShouldBeEmpty();
        report.CanSave.ShouldBeTrue();
        report.Version.ShouldNotBeNull().ShouldStartWith(versionPrefix);
        report.ShopName.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.6")]
    [InlineData("1.7")]
    [InlineData("8")]
    [InlineData("9")]
    public async Task Stripped_authorization_header_still_connects_and_advises_cgi_mode(string version)
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = version });
        shop.Faults.StripAuthorizationHeader = true;

        var report = await Platform().TestConnectionAsync(Connection(shop));

        report.CanSave.ShouldBeTrue();
        report.Advice.ShouldContain(p => p.Fix.Contains("Enable CGI mode for PHP") && p.Fix.Contains("CGIPassAuth On"));
    }

    [Fact]
    public async Task Bad_key_blocks_and_mentions_cgi_mode()
    {
        await using var shop = await SimulatedShop.StartAsync();

        var report = await Platform().TestConnectionAsync(Connection(shop, "WRONGKEYWRONGKEYWRONGKEYWRONGKEY"));

        report.CanSave.ShouldBeFalse();
        report.AuthenticationFailed.ShouldBeTrue();
        report.Summary.ShouldNotBeNull().ShouldContain("refused the API key");
        report.Summary.ShouldContain("CGI mode");
    }

    [Fact]
    public async Task Key_refused_in_the_url_too_is_reported_as_wrong_without_cgi_advice()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.StripAuthorizationHeader = true;
        shop.Faults.BadKey = true;

        var report = await Platform().TestConnectionAsync(Connection(shop));

        report.CanSave.ShouldBeFalse();
        report.AuthenticationFailed.ShouldBeTrue();
        report.Summary.ShouldNotBeNull().ShouldContain("the key is wrong");
        report.Summary.ShouldNotContain("CGI");
    }

    [Fact]
    public async Task Cgi_mode_report_says_its_sentence_once()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.StripAuthorizationHeader = true;

        var report = await Platform().TestConnectionAsync(Connection(shop));

        var advice = report.Advice.Single(p => p.Title.Contains("Authorization"));
        var text = $"{advice.Title}. {advice.Fix}";
        text.Split("drops the Authorization header").Length.ShouldBe(2, text);
        text.Split("in the URL").Length.ShouldBe(2, text);
    }

    [Fact]
    public async Task Disabled_webservice_blocks_with_the_switch_to_turn_on()
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = "1.7" });
        shop.Faults.WebserviceDisabled = true;

        var report = await Platform().TestConnectionAsync(Connection(shop));

        report.CanSave.ShouldBeFalse();
        report.Summary.ShouldNotBeNull().ShouldContain("Enable PrestaShop's webservice");
    }

    [Fact]
    public async Task Html_page_instead_of_xml_blocks_and_points_at_the_url()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.HtmlPageStatus = 200;

        var report = await Platform().TestConnectionAsync(Connection(shop));

        report.CanSave.ShouldBeFalse();
        report.Blocking.Single().Title.ShouldContain("web page instead of Webservice XML");
        report.Summary.ShouldNotBeNull().ShouldContain("maintenance");
    }

    [Fact]
    public async Task Hanging_shop_blocks_as_a_timeout()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Faults.Hang = true;

        var report = await Platform(TimeSpan.FromMilliseconds(500)).TestConnectionAsync(Connection(shop));

        report.CanSave.ShouldBeFalse();
        report.Blocking.Single().Title.ShouldBe("The shop did not answer in time");
    }

    [Fact]
    public async Task Unreachable_shop_blocks_as_not_reachable()
    {
        var report = await Platform().TestConnectionAsync(new ShopConnection("http://127.0.0.1:1", SimulatorOptions.DemoApiKey));

        report.CanSave.ShouldBeFalse();
        report.Blocking.Single().Title.ShouldBe("The shop could not be reached");
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.6")]
    public async Task Advanced_stock_management_is_refused_with_the_reason(string version)
    {
        await using var shop = await SimulatedShop.StartAsync(new SimulatorOptions { Version = version, AdvancedStockManagement = true });

        var report = await Platform().TestConnectionAsync(Connection(shop));

        report.CanSave.ShouldBeFalse();
        var asm = report.Blocking.Single();
        asm.Title.ShouldContain("Advanced Stock Management");
        asm.Fix.ShouldContain("refuses stock updates through the Webservice");
    }

    [Fact]
    public async Task Missing_essential_permission_blocks_with_the_box_to_tick()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Permissions.Deny("stock_availables", "PUT");

        var report = await Platform().TestConnectionAsync(Connection(shop));

        report.CanSave.ShouldBeFalse();
        report.Blocking.Single().Fix.ShouldBe("Tick PUT for 'stock_availables' in Advanced Parameters > Webservice > your key, then save.");
    }

    [Fact]
    public async Task Missing_optional_permission_is_a_warning_that_needs_acknowledgement()
    {
        await using var shop = await SimulatedShop.StartAsync();
        shop.Permissions.Deny("images", "GET");

        var report = await Platform().TestConnectionAsync(Connection(shop));

        report.CanSave.ShouldBeTrue();
        report.NeedsAcknowledgement.ShouldBeTrue();
        report.Warnings.Single().Fix.ShouldContain("Tick GET for 'images'");
    }

    [Fact]
    public async Task Lists_order_states_carriers_by_reference_and_payment_strings()
    {
        await using var shop = await SimulatedShop.StartAsync();
        var platform = Platform();

        var states = await platform.GetOrderStatesAsync(Connection(shop));
        var carriers = await platform.GetCarriersAsync(Connection(shop));
        var payments = await platform.GetPaymentNamesAsync(Connection(shop));

        states.Single(s => s.Id == "6").Cancelled.ShouldBeTrue();
        states.Single(s => s.Id == "2").Paid.ShouldBeTrue();
        carriers.Select(c => c.Reference).ShouldBeUnique();
        carriers.ShouldContain(c => c.Name == "My carrier");
        payments.ShouldBe(["Bank wire", "Payment by check"]);
    }

    [Fact]
    public async Task Reading_lists_from_a_refusing_shop_throws_a_neutral_error_with_the_fix()
    {
        await using var shop = await SimulatedShop.StartAsync();

        var error = await Should.ThrowAsync<ShopAccessException>(() => Platform().GetOrderStatesAsync(Connection(shop, "WRONGKEYWRONGKEYWRONGKEYWRONGKEY")));

        error.AuthenticationFailed.ShouldBeTrue();
        error.Message.ShouldContain("Advanced Parameters > Webservice");
    }
}
