using Connect.Benchmarks.Scenarios;

namespace Connect.Benchmarks.Harness;

/// <summary>The scenarios, in the order they run (later ones build on the state earlier ones leave).</summary>
public static class ScenarioList
{
    public static IReadOnlyList<IScenario> All() =>
    [
        new ImportNewProductsScenario(),
        new UpdateProductsScenario(changedShare: 0),
        new UpdateProductsScenario(changedShare: 0.01),
        new ProductSupplierImportScenario(),
        new ImportProductImagesScenario(),
        // Stock before orders, so that the orders reserve it and some are ready to ship.
        new ImportStockLevelsScenario(),
        new StockCheckScenario(differentShare: 0),
        new StockCheckScenario(differentShare: 0.01),
        new ImportNewOrdersScenario(),
        new RetryParkedOrdersScenario(),
        new StockExportBurstScenario(),
        new StockChangeLatencyScenario(),
        new ShippingConfirmationScenario(),
        new OrdersGridQueryScenario(),
        new StockPageQueryScenario(),
    ];
}
