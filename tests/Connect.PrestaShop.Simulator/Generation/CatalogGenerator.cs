using System.Globalization;
using Connect.PrestaShop.Simulator.Data;

namespace Connect.PrestaShop.Simulator.Generation;

/// <summary>
/// Replaces the demo catalog with a generated one (deterministic for a seed): products with 0-4 combinations
/// (Size x Color option values), stock rows for each, supplier links, images, customers, addresses and orders
/// with 1-4 lines over all order states, their details, carriers and status history.
/// Rows are cloned from the recorded demo rows so every field keeps its recorded shape.
/// </summary>
public static class CatalogGenerator
{
    private static readonly string[] Nouns = ["T-shirt", "Sweater", "Mug", "Poster", "Notebook", "Cushion", "Hoodie", "Cap", "Tote bag", "Sticker"];
    private static readonly string[] Adjectives = ["Hummingbird", "Fox", "Bear", "Mountain", "Ocean", "Forest", "Retro", "Minimal", "Urban", "Classic"];
    private static readonly string[] FirstNames = ["John", "Jane", "Paul", "Marie", "Luc", "Emma", "Hugo", "Lea", "Noah", "Chloe"];
    private static readonly string[] LastNames = ["Doe", "Martin", "Bernard", "Dubois", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Michel"];

    private static string S(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string D(decimal v) => v.ToString("0.000000", CultureInfo.InvariantCulture);

    private static void Set(Row row, string field, string value)
    {
        if (row.Schema.Field(field) is { Multilang: false } f) row.Values[f.Index] = value;
    }

    private static void SetLang(Row row, string field, string en, string fr)
    {
        if (row.Schema.Field(field) is { Multilang: true } f) row.Lang[f.Index] = [en, fr];
    }

    private static string[] Item(AssocDef def, params (string Field, string Value)[] values)
    {
        var item = new string[def.ItemFields.Count];
        for (var i = 0; i < item.Length; i++) item[i] = values.FirstOrDefault(v => v.Field == def.ItemFields[i].Name).Value ?? "";
        return item;
    }

    private static string Ean13(Random rnd)
    {
        var digits = new int[12];
        digits[0] = 3;
        for (var i = 1; i < 12; i++) digits[i] = rnd.Next(10);
        var sum = digits.Select((d, i) => i % 2 == 0 ? d : d * 3).Sum();
        return string.Concat(digits) + S((10 - sum % 10) % 10);
    }

    /// <param name="supplierCount">Suppliers to spread the products over; more are cloned from the recorded ones when the shop has fewer (0 = keep the shop's).</param>
    public static void Generate(ShopState state, int productCount, int orderCount, int seed, int supplierCount = 0)
    {
        var rnd = new Random(seed);
        var now = state.Clock();
        string Date(int daysAgo, int seconds = 0) => now.AddDays(-daysAgo).AddSeconds(-seconds).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        var products = state.Table("products");
        var combinations = state.Table("combinations");
        var stock = state.Table("stock_availables");
        var productSuppliers = state.Table("product_suppliers");
        var customers = state.Table("customers");
        var addresses = state.Table("addresses");
        var orders = state.Table("orders");
        var details = state.Table("order_details");
        var carriers = state.Table("order_carriers");
        var histories = state.Table("order_histories");

        var tProduct = products.Find(1)!; var tCombination = combinations.Find(1)!; var tStock = stock.Find(1)!;
        var tPs = productSuppliers.Find(1)!; var tCustomer = customers.Rows[0]; var tAddress = addresses.Rows[^1];
        var tOrder = orders.Find(1)!; var tDetail = details.Find(1)!; var tCarrier = carriers.Find(1)!; var tHistory = histories.Find(1)!;
        foreach (var t in new[] { products, combinations, stock, productSuppliers, customers, addresses, orders, details, carriers, histories }) t.Clear();
        products.ScrambleDefaultOrder = combinations.ScrambleDefaultOrder = productSuppliers.ScrambleDefaultOrder = true;

        var sizes = new[] { (1, "S"), (2, "M"), (3, "L"), (4, "XL") };
        var colors = Enumerable.Range(5, 13).ToArray();
        var colorNames = state.Table("product_option_values").Rows.ToDictionary(r => r.Id, r => r.Lang[r.Schema.Field("name")!.Index]?[0] ?? "");
        var supplierTable = state.Table("suppliers");
        for (var template = supplierTable.Rows[0]; supplierTable.Count < supplierCount; )
        {
            var supplier = template.Clone(supplierTable.NextId);
            Set(supplier, "name", $"Supplier {supplier.Id}");
            supplierTable.Add(supplier);
        }
        var suppliers = supplierTable.Rows.Select(r => r.Id).ToArray();
        var pDefs = tProduct.Schema.Associations;
        var cDefs = tCombination.Schema.Associations;
        int stockId = 1, psId = 1, imageId = 1;
        // (product id, combination id, name, reference, ean, price) per sellable item, for order lines
        var sellable = new List<(int Product, int Combination, string Name, string Reference, string Ean, decimal Price)>();

        for (var p = 1; p <= productCount; p++)
        {
            var product = tProduct.Clone(p);
            foreach (var a in product.Assoc) a.Clear();
            var name = $"{Adjectives[rnd.Next(Adjectives.Length)]} {Nouns[rnd.Next(Nouns.Length)]} {p}";
            var price = Math.Round((decimal)(rnd.NextDouble() * 90 + 5), 2);
            var reference = $"SIM-{p:D6}";
            var ean = Ean13(rnd);
            var combos = rnd.Next(5);
            Set(product, "reference", reference);
            Set(product, "ean13", ean);
            Set(product, "price", D(price));
            Set(product, "wholesale_price", D(Math.Round(price * 0.4m, 2)));
            Set(product, "weight", D(Math.Round((decimal)rnd.NextDouble() * 2, 3)));
            Set(product, "id_supplier", S(suppliers[p % suppliers.Length]));
            Set(product, "product_type", combos > 0 ? "combinations" : "standard");
            Set(product, "cache_default_attribute", "0");
            Set(product, "id_default_combination", "0");
            Set(product, "date_add", Date(400 - p % 365, p));
            Set(product, "date_upd", Date(p % 30, p));
            SetLang(product, "name", name, name + " (fr)");
            SetLang(product, "link_rewrite", name.ToLowerInvariant().Replace(' ', '-'), name.ToLowerInvariant().Replace(' ', '-') + "-fr");

            var images = new List<int>();
            for (var i = 0; i < 1 + rnd.Next(2); i++) images.Add(imageId++);
            Set(product, "id_default_image", S(images[0]));
            product.Assoc[pDefs.FindIndex(d => d.Name == "categories")].Add(Item(pDefs.First(d => d.Name == "categories"), ("id", "2")));
            foreach (var i in images) product.Assoc[pDefs.FindIndex(d => d.Name == "images")].Add(Item(pDefs.First(d => d.Name == "images"), ("id", S(i))));

            var stockItems = pDefs.FindIndex(d => d.Name == "stock_availables");
            var productStock = tStock.Clone(stockId++);
            Set(productStock, "id_product", S(p));
            Set(productStock, "id_product_attribute", "0");
            stock.Add(productStock);
            product.Assoc[stockItems].Add(Item(pDefs[stockItems], ("id", S(productStock.Id)), ("id_product_attribute", "0")));

            var total = 0;
            var optionValues = new List<int>();
            var usedPairs = new HashSet<(int, int)>();
            for (var c = 0; c < combos; c++)
            {
                var size = sizes[rnd.Next(sizes.Length)];
                var color = colors[rnd.Next(colors.Length)];
                if (!usedPairs.Add((size.Item1, color))) continue;
                var combination = tCombination.Clone(combinations.NextId);
                foreach (var a in combination.Assoc) a.Clear();
                var cRef = $"{reference}-{size.Item2}-{color}";
                var cEan = Ean13(rnd);
                var impact = c == 0 ? 0m : Math.Round((decimal)rnd.NextDouble() * 5, 2);
                Set(combination, "id_product", S(p));
                Set(combination, "reference", cRef);
                Set(combination, "ean13", cEan);
                Set(combination, "price", D(impact));
                Set(combination, "weight", D(Math.Round((decimal)rnd.NextDouble() * 0.5m, 3)));
                Set(combination, "default_on", c == 0 ? "1" : "");
                combination.Assoc[cDefs.FindIndex(d => d.Name == "product_option_values")].AddRange(
                    [Item(cDefs.First(d => d.Name == "product_option_values"), ("id", S(size.Item1))), Item(cDefs.First(d => d.Name == "product_option_values"), ("id", S(color)))]);
                combination.Assoc[cDefs.FindIndex(d => d.Name == "images")].Add(Item(cDefs.First(d => d.Name == "images"), ("id", S(images[0]))));
                combinations.Add(combination);
                if (c == 0) { Set(product, "cache_default_attribute", S(combination.Id)); Set(product, "id_default_combination", S(combination.Id)); }
                product.Assoc[pDefs.FindIndex(d => d.Name == "combinations")].Add(Item(pDefs.First(d => d.Name == "combinations"), ("id", S(combination.Id))));
                optionValues.Add(size.Item1); optionValues.Add(color);

                var row = tStock.Clone(stockId++);
                var qty = rnd.Next(0, 200);
                total += qty;
                Set(row, "id_product", S(p));
                Set(row, "id_product_attribute", S(combination.Id));
                Set(row, "quantity", S(qty));
                stock.Add(row);
                product.Assoc[stockItems].Add(Item(pDefs[stockItems], ("id", S(row.Id)), ("id_product_attribute", S(combination.Id))));
                AddSupplierLink(p, combination.Id, cRef);
                sellable.Add((p, combination.Id, $"{name} - Color : {colorNames.GetValueOrDefault(color)}, Size : {size.Item2}", cRef, cEan, price + impact));
            }
            Set(productStock, "quantity", S(usedPairs.Count > 0 ? total : rnd.Next(0, 500)));
            foreach (var v in optionValues.Distinct())
                product.Assoc[pDefs.FindIndex(d => d.Name == "product_option_values")].Add(Item(pDefs.First(d => d.Name == "product_option_values"), ("id", S(v))));
            AddSupplierLink(p, 0, reference);
            if (usedPairs.Count == 0) sellable.Add((p, 0, name, reference, ean, price));
            products.Add(product);
        }

        void AddSupplierLink(int productId, int combinationId, string reference)
        {
            var link = tPs.Clone(psId++);
            Set(link, "id_product", S(productId));
            Set(link, "id_product_attribute", S(combinationId));
            Set(link, "id_supplier", S(suppliers[productId % suppliers.Length]));
            Set(link, "product_supplier_reference", "SUP-" + reference);
            productSuppliers.Add(link);
        }

        var customerCount = Math.Max(2, orderCount / 5);
        for (var c = 1; c <= customerCount; c++)
        {
            var customer = tCustomer.Clone(c);
            var first = FirstNames[rnd.Next(FirstNames.Length)];
            var last = LastNames[rnd.Next(LastNames.Length)];
            Set(customer, "firstname", first);
            Set(customer, "lastname", last);
            Set(customer, "email", $"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}.{c}@example.com");
            customers.Add(customer);
            var address = tAddress.Clone(c);
            Set(address, "id_customer", S(c));
            Set(address, "firstname", first);
            Set(address, "lastname", last);
            Set(address, "address1", $"{c} Simulated Street");
            addresses.Add(address);
        }

        var states = state.Table("order_states").Rows.Select(r => r.Id).ToArray();
        var carrierIds = state.Table("carriers").Rows.Select(r => r.Id).ToArray();
        var rowsDef = tOrder.Schema.Associations.First(d => d.Name == "order_rows");
        var rowsIndex = tOrder.Schema.Associations.IndexOf(rowsDef);
        if (sellable.Count == 0) orderCount = 0;
        for (var o = 1; o <= orderCount; o++)
        {
            var order = tOrder.Clone(o);
            order.Assoc[rowsIndex].Clear();
            var customer = 1 + rnd.Next(customerCount);
            var currentState = states[rnd.Next(states.Length)];
            var carrier = carrierIds[rnd.Next(carrierIds.Length)];
            var created = Date(orderCount / 100 - o / 100 + 1, rnd.Next(86400));
            var totalProducts = 0m;
            for (var l = 0; l < 1 + rnd.Next(4); l++)
            {
                var item = sellable[rnd.Next(sellable.Count)];
                var qty = 1 + rnd.Next(3);
                var detail = tDetail.Clone(details.NextId);
                Set(detail, "id_order", S(o));
                Set(detail, "product_id", S(item.Product));
                Set(detail, "product_attribute_id", S(item.Combination));
                Set(detail, "product_name", item.Name);
                Set(detail, "product_quantity", S(qty));
                Set(detail, "product_reference", item.Reference);
                Set(detail, "product_ean13", item.Ean);
                Set(detail, "product_price", D(item.Price));
                Set(detail, "unit_price_tax_incl", D(item.Price));
                Set(detail, "unit_price_tax_excl", D(item.Price));
                Set(detail, "total_price_tax_incl", D(item.Price * qty));
                Set(detail, "total_price_tax_excl", D(item.Price * qty));
                details.Add(detail);
                totalProducts += item.Price * qty;
                order.Assoc[rowsIndex].Add(Item(rowsDef, ("id", S(detail.Id)), ("product_id", S(item.Product)), ("product_attribute_id", S(item.Combination)),
                    ("product_quantity", S(qty)), ("product_name", item.Name), ("product_reference", item.Reference), ("product_ean13", item.Ean),
                    ("product_price", D(item.Price)), ("id_customization", "0"), ("unit_price_tax_incl", D(item.Price)), ("unit_price_tax_excl", D(item.Price))));
            }
            Set(order, "id_customer", S(customer));
            Set(order, "id_address_delivery", S(customer));
            Set(order, "id_address_invoice", S(customer));
            Set(order, "id_cart", S(o));
            Set(order, "id_carrier", S(carrier));
            Set(order, "current_state", S(currentState));
            Set(order, "reference", string.Concat(Enumerable.Range(0, 9).Select(_ => (char)('A' + rnd.Next(26)))));
            Set(order, "total_products", D(totalProducts));
            Set(order, "total_products_wt", D(totalProducts));
            Set(order, "total_paid", D(totalProducts + 7));
            Set(order, "total_paid_tax_incl", D(totalProducts + 8.4m));
            Set(order, "total_paid_tax_excl", D(totalProducts + 7));
            Set(order, "date_add", created);
            Set(order, "date_upd", created);
            Set(order, "shipping_number", "");
            orders.Add(order);

            var oc = tCarrier.Clone(o);
            Set(oc, "id_order", S(o));
            Set(oc, "id_carrier", S(carrier));
            Set(oc, "tracking_number", "");
            Set(oc, "date_add", created);
            carriers.Add(oc);

            var path = new List<int>();
            if (currentState != 1 && rnd.Next(2) == 0) path.Add(1);
            path.Add(currentState);
            foreach (var s in path)
            {
                var h = tHistory.Clone(histories.NextId);
                Set(h, "id_order", S(o));
                Set(h, "id_order_state", S(s));
                Set(h, "date_add", created);
                histories.Add(h);
            }
        }
    }
}
