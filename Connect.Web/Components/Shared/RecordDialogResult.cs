namespace Connect.Web.Components.Shared;

public sealed record RecordDialogResult(string Name, string Code, int WarehouseId);
