using Connect.Domain;
using Connect.Domain.Inventory;
using Connect.Domain.Orders;

namespace Connect.Domain.Tests.Orders;

public sealed class OrderTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);
    private static readonly StockChange Change = new(StockMovementReason.Reservation, "tester", Now);
    private readonly Dictionary<int, StockLevel> _stock = [];

    private StockLevel Stock(int productId, int onHand)
    {
        var level = new StockLevel(productId, 1);
        if (onHand > 0) level.Count(onHand, Change with { Reason = StockMovementReason.Count });
        return _stock[productId] = level;
    }

    private StockLevel StockOf(int productId) => _stock[productId];

    private static Order NewOrder(params (int ProductId, int Quantity)[] lines) =>
        new(new OrderDraft(1, 1, "1001", "XKBKNABJK", new OrderCustomer("Ada", null, null),
            new ShippingAddress("Ada", null, "1 rue", null, "75001", "Paris", null, "FR", null), null, null, "Bank wire", "EUR",
            new OrderTotals(10, 0, 0, 10), Now,
            lines.Select((l, i) => new OrderLineDraft(l.ProductId, $"SKU-{l.ProductId}", "Item", l.Quantity, 5m)).ToList()), Now);

    /// <summary>Line ids are given by the database; tests number them the same way.</summary>
    private static void NumberLines(Order order)
    {
        var id = 1;
        foreach (var line in order.Lines) typeof(OrderLine).GetProperty(nameof(OrderLine.Id))!.SetValue(line, id++);
    }

    [Fact]
    public void Allocation_reserves_what_stock_allows_and_sets_the_preparation_state()
    {
        Stock(1, 10);
        Stock(2, 1);
        var order = NewOrder((1, 2), (2, 3));

        var movements = order.Allocate(StockOf, Change);

        movements.Count.ShouldBe(2);
        order.Lines[0].QuantityReserved.ShouldBe(2);
        order.Lines[1].QuantityReserved.ShouldBe(1);
        order.PreparationState.ShouldBe(PreparationState.Partial);
        _stock[2].Available.ShouldBe(0);
    }

    [Fact]
    public void Allocation_without_stock_leaves_the_order_on_backorder_and_completes_later()
    {
        Stock(1, 0);
        var order = NewOrder((1, 2));
        order.Allocate(StockOf, Change).ShouldBeEmpty();
        order.PreparationState.ShouldBe(PreparationState.Backorder);

        _stock[1].Adjust(5, Change with { Reason = StockMovementReason.Receipt });
        order.Allocate(StockOf, Change);
        order.PreparationState.ShouldBe(PreparationState.InStock);
        _stock[1].Reserved.ShouldBe(2);
    }

    [Fact]
    public void Shipping_more_than_ordered_is_refused()
    {
        Stock(1, 10);
        var order = NewOrder((1, 2));
        NumberLines(order);
        order.Allocate(StockOf, Change);

        Should.Throw<DomainException>(() => order.Ship([new ShipmentRequestLine(1, 3)], "T1", StockOf, Change)).Message.ShouldContain("only 2 left to ship");
        order.Shipments.ShouldBeEmpty();
        _stock[1].OnHand.ShouldBe(10);
    }

    [Fact]
    public void Partial_then_full_shipment_completes_the_order()
    {
        Stock(1, 10);
        var order = NewOrder((1, 3));
        NumberLines(order);
        order.Allocate(StockOf, Change);

        var (first, _) = order.Ship([new ShipmentRequestLine(1, 1)], null, StockOf, Change);
        first.CompletesOrder.ShouldBeFalse();
        order.Status.ShouldBe(OrderStatus.PartiallyShipped);

        var (second, _) = order.Ship([new ShipmentRequestLine(1, 2)], "TRACK", StockOf, Change);
        second.CompletesOrder.ShouldBeTrue();
        second.TrackingNumber.ShouldBe("TRACK");
        order.Status.ShouldBe(OrderStatus.Shipped);
        (_stock[1].OnHand, _stock[1].Reserved).ShouldBe((7, 0));
    }

    [Fact]
    public void Shipping_unreserved_units_is_refused()
    {
        Stock(1, 1);
        var order = NewOrder((1, 2));
        NumberLines(order);
        order.Allocate(StockOf, Change);
        Should.Throw<DomainException>(() => order.Ship([new ShipmentRequestLine(1, 2)], null, StockOf, Change)).Message.ShouldContain("only 1 reserved");
    }

    [Fact]
    public void A_cancelled_order_releases_its_reservations()
    {
        Stock(1, 10);
        Stock(2, 10);
        var order = NewOrder((1, 2), (2, 4));
        order.Allocate(StockOf, Change);

        var movements = order.Cancel(StockOf, Change);

        order.Status.ShouldBe(OrderStatus.Cancelled);
        movements.Sum(m => -m.ReservedChange).ShouldBe(6);
        movements.ShouldAllBe(m => m.Reason == StockMovementReason.ReservationReleased);
        _stock[1].Reserved.ShouldBe(0);
        _stock[2].Available.ShouldBe(10);
        order.Lines.ShouldAllBe(l => l.QuantityReserved == 0);
    }

    [Fact]
    public void A_shipped_order_cannot_be_cancelled()
    {
        Stock(1, 10);
        var order = NewOrder((1, 1));
        NumberLines(order);
        order.Allocate(StockOf, Change);
        order.Ship([new ShipmentRequestLine(1, 1)], null, StockOf, Change);
        Should.Throw<DomainException>(() => order.Cancel(StockOf, Change));
    }

    [Fact]
    public void An_order_on_hold_keeps_its_reservation_and_does_not_ship()
    {
        Stock(1, 10);
        var order = NewOrder((1, 1));
        NumberLines(order);
        order.Allocate(StockOf, Change);
        order.Hold(new OrderActor("tester", Now));
        order.PreparationState.ShouldBe(PreparationState.OnHold);
        Should.Throw<DomainException>(() => order.Ship([new ShipmentRequestLine(1, 1)], null, StockOf, Change));
        order.Release(new OrderActor("tester", Now));
        order.PreparationState.ShouldBe(PreparationState.InStock);
    }

    [Fact]
    public void History_orders_hold_no_stock()
    {
        var order = NewOrder((1, 1));
        order.MarkAsHistory(Now);
        order.Status.ShouldBe(OrderStatus.History);
        order.Allocate(_ => throw new InvalidOperationException("no stock lookup for history"), Change).ShouldBeEmpty();
    }

    [Fact]
    public void An_order_needs_lines_with_positive_quantities()
    {
        Should.Throw<DomainException>(() => NewOrder());
        Should.Throw<DomainException>(() => NewOrder((1, 0)));
    }
}
