using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Connect.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Shipping : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ShippingMethodId",
                table: "Shipments",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ClaimToken",
                table: "PendingShippingConfirmations",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClaimedUntil",
                table: "PendingShippingConfirmations",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ShopHistoryBaseline",
                table: "PendingShippingConfirmations",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "StatusSentAt",
                table: "PendingShippingConfirmations",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "TrackingSentAt",
                table: "PendingShippingConfirmations",
                type: "datetime2",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Shipments_ShippingMethodId",
                table: "Shipments",
                column: "ShippingMethodId");

            migrationBuilder.CreateIndex(
                name: "IX_PendingShippingConfirmations_ClaimToken",
                table: "PendingShippingConfirmations",
                column: "ClaimToken");

            migrationBuilder.AddForeignKey(
                name: "FK_Shipments_ShippingMethods_ShippingMethodId",
                table: "Shipments",
                column: "ShippingMethodId",
                principalTable: "ShippingMethods",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Shipments_ShippingMethods_ShippingMethodId",
                table: "Shipments");

            migrationBuilder.DropIndex(
                name: "IX_Shipments_ShippingMethodId",
                table: "Shipments");

            migrationBuilder.DropIndex(
                name: "IX_PendingShippingConfirmations_ClaimToken",
                table: "PendingShippingConfirmations");

            migrationBuilder.DropColumn(
                name: "ShippingMethodId",
                table: "Shipments");

            migrationBuilder.DropColumn(
                name: "ClaimToken",
                table: "PendingShippingConfirmations");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "PendingShippingConfirmations");

            migrationBuilder.DropColumn(
                name: "ShopHistoryBaseline",
                table: "PendingShippingConfirmations");

            migrationBuilder.DropColumn(
                name: "StatusSentAt",
                table: "PendingShippingConfirmations");

            migrationBuilder.DropColumn(
                name: "TrackingSentAt",
                table: "PendingShippingConfirmations");
        }
    }
}
