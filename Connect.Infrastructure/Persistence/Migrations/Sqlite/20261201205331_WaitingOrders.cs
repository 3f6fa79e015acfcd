using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connect.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WaitingOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WaitingOrders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IntegrationId = table.Column<int>(type: "INTEGER", nullable: false),
                    StoreId = table.Column<int>(type: "INTEGER", nullable: false),
                    ExternalNumber = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ExternalReference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ExternalStatusId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StatusName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    PlacedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FirstSeenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastCheckedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WaitingOrders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WaitingOrders_Integrations_IntegrationId",
                        column: x => x.IntegrationId,
                        principalTable: "Integrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WaitingOrders_Stores_StoreId",
                        column: x => x.StoreId,
                        principalTable: "Stores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "WaitingOrderLine",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    WaitingOrderId = table.Column<long>(type: "INTEGER", nullable: false),
                    ProductId = table.Column<int>(type: "INTEGER", nullable: true),
                    ExternalProductKey = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Sku = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WaitingOrderLine", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WaitingOrderLine_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_WaitingOrderLine_WaitingOrders_WaitingOrderId",
                        column: x => x.WaitingOrderId,
                        principalTable: "WaitingOrders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WaitingOrderLine_ProductId",
                table: "WaitingOrderLine",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_WaitingOrderLine_WaitingOrderId",
                table: "WaitingOrderLine",
                column: "WaitingOrderId");

            migrationBuilder.CreateIndex(
                name: "IX_WaitingOrders_IntegrationId_ExternalNumber",
                table: "WaitingOrders",
                columns: new[] { "IntegrationId", "ExternalNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WaitingOrders_StoreId",
                table: "WaitingOrders",
                column: "StoreId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WaitingOrderLine");

            migrationBuilder.DropTable(
                name: "WaitingOrders");
        }
    }
}
