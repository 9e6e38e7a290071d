from pathlib import Path

from django import forms

from fazhi.core.tabular import CSV_SUFFIXES, XLSX_SUFFIXES

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label="数据文件",
        help_text="Excel 工作簿或 CSV 文件，不超过 20 MB。",
        error_messages={"required": "请选择要导入的文件。", "empty": "上传的文件是空的。"},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in XLSX_SUFFIXES + CSV_SUFFIXES:
            raise forms.ValidationError("只能导入 .xlsx 或 .csv 文件。")
        if upload.size > MAX_UPLOAD_BYTES:
            size = upload.size / 1024 / 1024
            raise forms.ValidationError(
                f"文件太大（{size:.1f} MB），不能超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB。"
                "请分成几个文件导入。"
            )
        return upload
