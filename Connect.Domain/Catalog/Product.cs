namespace Connect.Domain.Catalog;

public sealed class Product;
