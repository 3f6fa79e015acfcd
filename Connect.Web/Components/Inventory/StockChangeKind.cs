namespace Connect.Web.Components.Inventory;

public enum StockChangeKind { Adjust, Transfer, Receive }
