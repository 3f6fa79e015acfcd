using Connect.Domain;
using Connect.Domain.Inventory;

namespace Connect.Domain.Tests.Inventory;

public sealed class StockLevelTests
{
    private static readonly StockChange Change = new(StockMovementReason.Count, "tester", new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc));

    private static StockLevel WithOnHand(int onHand)
    {
        var level = new StockLevel(1, 1);
        level.Count(onHand, Change);
        return level;
    }

    [Fact]
    public void Available_is_on_hand_minus_reserved()
    {
        var level = WithOnHand(10);
        level.Reserve(3, Change);
        level.Available.ShouldBe(7);
    }

    [Fact]
    public void Reservation_never_exceeds_on_hand()
    {
        var level = WithOnHand(5);
        level.Reserve(4, Change);
        Should.Throw<DomainException>(() => level.Reserve(2, Change)).Message.ShouldContain("only 1 available");
        level.Reserved.ShouldBe(4);
    }

    [Fact]
    public void Counting_below_what_is_reserved_is_refused()
    {
        var level = WithOnHand(5);
        level.Reserve(4, Change);
        Should.Throw<DomainException>(() => level.Count(3, Change));
        level.OnHand.ShouldBe(5);
    }

    [Fact]
    public void Removing_reserved_units_is_refused()
    {
        var level = WithOnHand(5);
        level.Reserve(4, Change);
        Should.Throw<DomainException>(() => level.Adjust(-2, Change));
        level.Adjust(-1, Change).OnHandAfter.ShouldBe(4);
    }

    [Fact]
    public void Every_change_returns_a_movement_with_who_when_why_and_quantity()
    {
        var level = WithOnHand(5);
        var movement = level.Adjust(3, Change with { Reason = StockMovementReason.Receipt, By = "alice", Note = "PO 12" });
        movement.OnHandChange.ShouldBe(3);
        movement.OnHandAfter.ShouldBe(8);
        movement.Reason.ShouldBe(StockMovementReason.Receipt);
        movement.By.ShouldBe("alice");
        movement.Note.ShouldBe("PO 12");
        movement.At.ShouldBe(Change.At);
    }

    [Fact]
    public void Shipping_takes_reserved_units_off_hand()
    {
        var level = WithOnHand(5);
        level.Reserve(2, Change);
        level.Ship(2, Change);
        (level.OnHand, level.Reserved, level.Available).ShouldBe((3, 0, 3));
        Should.Throw<DomainException>(() => level.Ship(1, Change));
    }

    [Fact]
    public void Negative_counts_and_zero_adjustments_are_refused()
    {
        var level = new StockLevel(1, 1);
        Should.Throw<DomainException>(() => level.Count(-1, Change));
        Should.Throw<DomainException>(() => level.Adjust(0, Change));
        Should.Throw<DomainException>(() => level.Release(1, Change));
    }
}
