using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connect.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InventorySyncAndShopCarrier : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CheckedAt",
                table: "StockExportRequests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CheckedShopQuantity",
                table: "StockExportRequests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CarrierSentAt",
                table: "PendingShippingConfirmations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ShopCarrierRules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IntegrationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ShippingMethodId = table.Column<int>(type: "INTEGER", nullable: true),
                    CarrierReference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CarrierName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShopCarrierRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShopCarrierRules_Integrations_IntegrationId",
                        column: x => x.IntegrationId,
                        principalTable: "Integrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ShopCarrierRules_ShippingMethods_ShippingMethodId",
                        column: x => x.ShippingMethodId,
                        principalTable: "ShippingMethods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ShopCarrierRules_IntegrationId_ShippingMethodId",
                table: "ShopCarrierRules",
                columns: new[] { "IntegrationId", "ShippingMethodId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ShopCarrierRules_ShippingMethodId",
                table: "ShopCarrierRules",
                column: "ShippingMethodId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ShopCarrierRules");

            migrationBuilder.DropColumn(
                name: "CheckedAt",
                table: "StockExportRequests");

            migrationBuilder.DropColumn(
                name: "CheckedShopQuantity",
                table: "StockExportRequests");

            migrationBuilder.DropColumn(
                name: "CarrierSentAt",
                table: "PendingShippingConfirmations");
        }
    }
}
