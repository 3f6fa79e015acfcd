using Connect.Domain.Catalog;

namespace Connect.Infrastructure.Sync;

/// <summary>
/// A product as a shop describes it, ready for intake. <paramref name="ExternalId"/> identifies the SKU in the shop
/// (for PrestaShop "{productId}-{combinationId}"); <paramref name="ParentExternalId"/> groups the SKUs of one shop
/// product, so SKUs that vanish from a parent can be deactivated. A SKU's external id starts with "{ParentExternalId}-",
/// which lets intake find the SKUs of a parent from the links alone.
/// </summary>
public sealed record IncomingProduct(string ExternalId, string ParentExternalId, ProductDetails Details);

public sealed record IncomingSupplier(string ExternalId, string Name, bool Active, PostalAddress? Address);

/// <summary>A supplier's offer for one SKU, pointing at both by their shop ids.</summary>
public sealed record IncomingProductSupplier(string ExternalId, string ProductExternalId, string ProductParentExternalId, string SupplierExternalId,
    string? SupplierReference, decimal Cost, string Currency);

/// <summary>An image already written to the file store, to be attached to a Connect product.</summary>
public sealed record IncomingImage(string ExternalId, int Position, bool IsCover, string ContentType, string StoragePath, long Size);

/// <summary>An item the intake could not take, with the message that tells how to fix it.</summary>
public sealed record IntakeFailure(string ExternalId, string Message, int? LocalId = null);

/// <summary>What one page of intake did.</summary>
public sealed record IntakeResult(int Created, int Updated, int Unchanged, int Skipped, int Deactivated, IReadOnlyList<IntakeFailure> Failures)
{
    public static readonly IntakeResult Empty = new(0, 0, 0, 0, 0, []);
}
