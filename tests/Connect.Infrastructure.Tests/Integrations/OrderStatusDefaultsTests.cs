using Connect.Domain.Integrations;
using Connect.Infrastructure.Integrations;
using Connect.Infrastructure.Integrations.PrestaShop.Api;
using Connect.Infrastructure.Integrations.PrestaShop.Mapping;

namespace Connect.Infrastructure.Tests.Integrations;

public sealed class OrderStatusDefaultsTests
{
    private static ShopOrderState State(bool paid = false, bool shipped = false, bool delivered = false, bool cancelled = false,
        bool refunded = false, bool error = false) => new("1", "S", paid, shipped, delivered, cancelled, refunded, error);

    [Fact]
    public void Paid_and_not_shipped_is_imported_as_valid() =>
        OrderStatusDefaults.Propose(State(paid: true)).ShouldBe(new ProposedStatusRule(OrderImportAction.ImportAsValid, false));

    [Fact]
    public void Awaiting_payment_is_not_imported_but_retried() =>
        OrderStatusDefaults.Propose(State()).ShouldBe(new ProposedStatusRule(OrderImportAction.DoNotImport, true));

    [Theory]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    public void Cancelled_refunded_and_payment_error_are_final_and_not_imported(bool cancelled, bool refunded, bool error) =>
        OrderStatusDefaults.Propose(State(cancelled: cancelled, refunded: refunded, error: error))
            .ShouldBe(new ProposedStatusRule(OrderImportAction.DoNotImport, false));

    [Fact]
    public void Refunded_after_payment_is_still_not_imported() =>
        OrderStatusDefaults.Propose(State(paid: true, shipped: true, refunded: true)).Action.ShouldBe(OrderImportAction.DoNotImport);

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Shipped_or_delivered_is_imported_as_history(bool shipped, bool delivered) =>
        OrderStatusDefaults.Propose(State(paid: true, shipped: shipped, delivered: delivered))
            .ShouldBe(new ProposedStatusRule(OrderImportAction.ImportAsHistory, false));

    [Fact]
    public void Default_prestashop_states_get_the_rules_the_brief_recommends()
    {
        static OrderState Ps(long id, string name, bool paid, bool shipped, bool delivery, string template) =>
            new(id, name, paid, shipped, delivery, false, false, false, false, false, false, "", "", template);
        var states = new[]
        {
            Ps(1, "Awaiting check payment", false, false, false, "cheque"),
            Ps(2, "Payment accepted", true, false, false, "payment"),
            Ps(3, "Processing in progress", true, false, true, "preparation"),
            Ps(4, "Shipped", true, true, true, "shipped"),
            Ps(6, "Canceled", false, false, false, "order_canceled"),
            Ps(7, "Refunded", false, false, false, "refund"),
            Ps(8, "Payment error", false, false, false, "payment_error"),
            Ps(10, "Awaiting bank wire payment", false, false, false, "bankwire"),
        }.Select(OrderStateMapper.ToNeutral);

        var rules = OrderStatusDefaults.ProposeAll(states);

        rules["1"].ShouldBe(new ProposedStatusRule(OrderImportAction.DoNotImport, true));
        rules["2"].ShouldBe(new ProposedStatusRule(OrderImportAction.ImportAsValid, false));
        rules["3"].ShouldBe(new ProposedStatusRule(OrderImportAction.ImportAsValid, false));
        rules["4"].Action.ShouldBe(OrderImportAction.ImportAsHistory);
        rules["6"].ShouldBe(new ProposedStatusRule(OrderImportAction.DoNotImport, false));
        rules["7"].ShouldBe(new ProposedStatusRule(OrderImportAction.DoNotImport, false));
        rules["8"].ShouldBe(new ProposedStatusRule(OrderImportAction.DoNotImport, false));
        rules["10"].ShouldBe(new ProposedStatusRule(OrderImportAction.DoNotImport, true));
    }
}
